import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';

export async function adminRoutes(_scope: FastifyInstance, _ctx: AppContext): Promise<void> {}
