import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';

export async function technicianRoutes(_scope: FastifyInstance, _ctx: AppContext): Promise<void> {}
