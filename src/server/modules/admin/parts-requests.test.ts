import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsRequests } from '../../db/schema';
import {
  type AdminWorld,
  auditRows,
  buildAdminWorld,
  foreignTicket,
  historyRows,
  insertPartsRequest,
  NON_STAFF,
  outboxRows,
  ticketIn,
  ticketRow,
} from './admin-test-kit';

let w: AdminWorld;
let foreignRequest: string;

beforeAll(async () => {
  w = await buildAdminWorld();
  const foreign = await foreignTicket(w.t.ctx);
  foreignRequest = await insertPartsRequest(w.t.ctx, {
    organizationId: foreign.organizationId,
    ticketId: foreign.ticketId,
    requestedBy: w.technician,
  });
});
afterAll(() => w.t.close());

const request = (id: string) =>
  w.t.ctx.db
    .select()
    .from(partsRequests)
    .where(eq(partsRequests.id, id))
    .then((rows) => rows[0]);

async function newRequest(
  status: 'pending' | 'approved' | 'ordered' | 'received' | 'cancelled',
  ticketStatus: Parameters<typeof ticketIn>[1] = 'waiting_parts',
  extra: { ticketId?: string; requestedAt?: Date; partName?: string } = {},
) {
  const ticketId = extra.ticketId ?? (await ticketIn(w, ticketStatus));
  const id = await insertPartsRequest(w.t.ctx, {
    organizationId: w.organizationId,
    ticketId,
    requestedBy: w.technician,
    status,
    requestedAt: extra.requestedAt,
    partName: extra.partName,
  });
  return { id, ticketId };
}

describe('GET /api/v1/admin/parts-requests', () => {
  const list = (query: string, headers = w.as.admin) =>
    w.t.app.inject({ method: 'GET', url: `/api/v1/admin/parts-requests${query}`, headers });
  const made: Record<string, string> = {};

  beforeAll(async () => {
    const ticketId = await ticketIn(w, 'waiting_parts');
    made.pending = (
      await newRequest('pending', 'new', { ticketId, requestedAt: new Date('2026-11-21T10:00:00Z') })
    ).id;
    made.approved = (
      await newRequest('approved', 'new', {
        ticketId,
        requestedAt: new Date('2026-11-21T11:00:00Z'),
        partName: 'Fan motor',
      })
    ).id;
    made.received = (
      await newRequest('received', 'new', { ticketId, requestedAt: new Date('2026-11-20T09:00:00Z') })
    ).id;
  });

  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/parts-requests' })).statusCode).toBe(
      401,
    );
  });

  it.each([
    ['an unknown status', '?status=lost'],
    ['limit 0', '?limit=0'],
    ['limit 101', '?limit=101'],
    ['page 0', '?page=0'],
  ])('refuses %s with 400', async (_label, query) => {
    expect((await list(query)).statusCode).toBe(400);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await list('', w.as[role])).statusCode).toBe(403);
  });

  it('lists the organisation’s requests, newest first, never another organisation’s', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(3);
    expect(body.requests.map((item: { id: string }) => item.id)).toEqual([
      made.approved,
      made.pending,
      made.received,
    ]);
    expect(body.requests[0]).toMatchObject({
      partName: 'Fan motor',
      ticketStatus: 'waiting_parts',
      quantity: 2,
      notes: 'Original part only',
      status: 'approved',
      requestedByName: 'خالد الفني',
      requestedAt: '2026-11-21T11:00:00.000Z',
      approvedAt: null,
      orderedAt: null,
      receivedAt: null,
      photoUrls: [],
    });
    expect(body.requests[0].ticketNumber).toMatch(/^TK-\d{6}$/);
    expect(JSON.stringify(body)).not.toContain(foreignRequest);
  });

  it('filters by status and pages', async () => {
    const pending = (await list('?status=pending')).json();
    expect(pending).toMatchObject({ total: 1, requests: [{ id: made.pending }] });
    const second = (await list('?limit=2&page=2')).json();
    expect(second).toMatchObject({ total: 3, page: 2, limit: 2, requests: [{ id: made.received }] });
  });
});

describe('POST /api/v1/admin/parts-requests/:id/{approve,ordered,received}', () => {
  const step = (id: string, name: string, headers: Record<string, string> | undefined = w.as.admin) =>
    w.t.app.inject({ method: 'POST', url: `/api/v1/admin/parts-requests/${id}/${name}`, headers });

  it('refuses a request without a token with 401', async () => {
    const { id } = await newRequest('pending');
    expect((await step(id, 'approve', {})).statusCode).toBe(401);
  });

  it('refuses an id that is not a uuid with 400', async () => {
    expect((await step('part-1', 'approve')).statusCode).toBe(400);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const { id } = await newRequest('pending');
    expect((await step(id, 'approve', w.as[role])).statusCode).toBe(403);
    expect((await request(id))?.status).toBe('pending');
  });

  it('answers 404 for an unknown request and for another organisation’s', async () => {
    expect((await step('00000000-0000-4000-8000-000000000000', 'approve')).statusCode).toBe(404);
    for (const name of ['approve', 'ordered', 'received']) {
      expect((await step(foreignRequest, name)).statusCode).toBe(404);
    }
    expect((await request(foreignRequest))?.status).toBe('pending');
  });

  it.each([
    ['approve', 'approved'],
    ['approve', 'ordered'],
    ['approve', 'received'],
    ['ordered', 'pending'],
    ['ordered', 'ordered'],
    ['ordered', 'cancelled'],
    ['received', 'pending'],
    ['received', 'received'],
    ['received', 'cancelled'],
  ] as const)('refuses %s on a %s request with 409, changing nothing', async (name, status) => {
    const { id, ticketId } = await newRequest(status);
    const before = await ticketRow(w.t.ctx, ticketId);
    const response = await step(id, name);
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'conflict', details: { status } });
    expect((await request(id))?.status).toBe(status);
    expect((await ticketRow(w.t.ctx, ticketId)).status).toBe(before.status);
    expect(await auditRows(w.t.ctx, id)).toHaveLength(0);
  });

  it('approves a pending request, then marks it ordered, with audit rows', async () => {
    const { id } = await newRequest('pending');
    const approved = await step(id, 'approve', w.as.dispatcher);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().request).toMatchObject({
      id,
      status: 'approved',
      approvedAt: '2026-11-22T06:00:00.000Z',
    });
    expect(await request(id)).toMatchObject({ approvedById: w.dispatcher.principal.userId });
    const ordered = await step(id, 'ordered');
    expect(ordered.statusCode).toBe(200);
    expect(ordered.json().request).toMatchObject({
      status: 'ordered',
      orderedAt: '2026-11-22T06:00:00.000Z',
    });
    expect((await auditRows(w.t.ctx, id)).map((row) => row.action).sort()).toEqual([
      'parts_request.approve',
      'parts_request.ordered',
    ]);
  });

  it('receives the parts of a ticket waiting for them: the ticket resumes repairing and the technician gets an SMS', async () => {
    const { id, ticketId } = await newRequest('ordered');
    const response = await step(id, 'received');
    expect(response.statusCode).toBe(200);
    expect(response.json().request).toMatchObject({
      status: 'received',
      receivedAt: '2026-11-22T06:00:00.000Z',
      ticketStatus: 'repairing',
    });
    expect(await ticketRow(w.t.ctx, ticketId)).toMatchObject({ status: 'repairing' });
    expect((await ticketRow(w.t.ctx, ticketId)).partsReceivedAt?.toISOString()).toBe(
      '2026-11-22T06:00:00.000Z',
    );
    expect(
      (await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'parts_received'),
    ).toMatchObject({
      fromStatus: 'waiting_parts',
      toStatus: 'repairing',
      actorRole: 'admin',
    });
    expect(await auditRows(w.t.ctx, id, 'parts_request.received')).toHaveLength(1);
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.parts_received')).toHaveLength(1);
    const sms = (await outboxRows(w.t.ctx, ticketId)).filter((row) => row.template === 'parts_received');
    expect(sms).toMatchObject([{ channel: 'sms', recipient: '0501110001' }]);
  });

  it('receives approved parts of a ticket no longer waiting: only the request changes', async () => {
    const { id, ticketId } = await newRequest('approved', 'repairing');
    const history = (await historyRows(w.t.ctx, ticketId)).length;
    const response = await step(id, 'received');
    expect(response.statusCode).toBe(200);
    expect((await ticketRow(w.t.ctx, ticketId)).status).toBe('repairing');
    expect(await historyRows(w.t.ctx, ticketId)).toHaveLength(history);
    const sms = (await outboxRows(w.t.ctx, ticketId)).filter((row) => row.template === 'parts_received');
    expect(sms).toHaveLength(1);
  });

  it('keeps the ticket waiting while another part is still outstanding', async () => {
    const { id, ticketId } = await newRequest('ordered');
    await newRequest('pending', 'new', { ticketId });
    expect((await step(id, 'received')).statusCode).toBe(200);
    expect((await ticketRow(w.t.ctx, ticketId)).status).toBe('waiting_parts');
  });

  it('refuses with 403 a dispatcher receiving parts that would resume the repair (the workflow gives that to admins)', async () => {
    const { id, ticketId } = await newRequest('ordered');
    const response = await step(id, 'received', w.as.dispatcher);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('role_not_permitted');
    expect((await request(id))?.status).toBe('ordered');
    expect((await ticketRow(w.t.ctx, ticketId)).status).toBe('waiting_parts');
    expect(
      (await outboxRows(w.t.ctx, ticketId)).filter((row) => row.template === 'parts_received'),
    ).toHaveLength(0);
  });
});
