import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../db/schema';
import { bearer, createStaff, createTestTicket, loginStaff } from '../../test/factories';
import {
  type AdminWorld,
  buildAdminWorld,
  foreignTicket,
  insertEscalation,
  insertPartsRequest,
  NON_STAFF,
  technicianIdOf,
  ticketIn,
} from './admin-test-kit';
import { escapeLike, searchTerm } from './admin-tickets.repository';

let w: AdminWorld;
const ids: Record<'mohammed' | 'sara' | 'abdullah' | 'john', string> = {
  mohammed: '',
  sara: '',
  abdullah: '',
  john: '',
};
const numbers: Record<string, string> = {};
let foreignId: string;
let foreignOrganizationId: string;

async function ticketAt(
  at: string,
  status: Parameters<typeof ticketIn>[1],
  input: Parameters<typeof ticketIn>[2],
) {
  w.t.clock.set(new Date(at));
  const id = await ticketIn(w, status, input);
  const [row] = await w.t.ctx.db.select({ n: tickets.ticketNumber }).from(tickets).where(eq(tickets.id, id));
  numbers[id] = row?.n ?? '';
  return id;
}

beforeAll(async () => {
  w = await buildAdminWorld();
  // 20 Nov 13:00 Riyadh.
  ids.mohammed = await ticketAt('2026-11-20T10:00:00Z', 'new', {
    customerName: 'محمد العتيبي',
    customerPhone: '0551234567',
    customerCity: 'riyadh',
  });
  // 22 Nov 01:30 in Riyadh, still 21 Nov in UTC: date filters follow the organisation's zone.
  ids.sara = await ticketAt('2026-11-21T22:30:00Z', 'assigned', {
    customerName: 'Sara Ahmed',
    customerPhone: '0562223333',
    customerCity: 'jeddah',
  });
  ids.abdullah = await ticketAt('2026-11-22T05:00:00Z', 'scheduled', {
    customerName: 'عبدالله القحطاني',
    customerPhone: '0573334444',
    customerCity: 'riyadh',
  });
  ids.john = await ticketAt('2026-11-19T08:00:00Z', 'cancelled', {
    customerName: 'John 100%_done',
    customerPhone: '0584445555',
    customerCity: 'dammam',
  });
  await w.t.ctx.db.update(tickets).set({ priority: 'high' }).where(eq(tickets.id, ids.sara));
  await w.t.ctx.db.update(tickets).set({ priority: 'urgent' }).where(eq(tickets.id, ids.abdullah));
  await w.t.ctx.db.update(tickets).set({ priority: 'low' }).where(eq(tickets.id, ids.john));
  ({ ticketId: foreignId, organizationId: foreignOrganizationId } = await foreignTicket(w.t.ctx));
  await w.t.ctx.db.update(tickets).set({ customerName: 'محمد العتيبي' }).where(eq(tickets.id, foreignId));
  w.t.clock.set(new Date('2026-11-22T06:00:00Z'));
});
afterAll(() => w.t.close());

const list = (query: string, headers = w.as.admin) =>
  w.t.app.inject({ method: 'GET', url: `/api/v1/admin/tickets${query}`, headers });

async function idsOf(query: string): Promise<string[]> {
  const response = await list(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().tickets.map((ticket: { id: string }) => ticket.id);
}

describe('search term helpers', () => {
  it('escapes LIKE wildcards', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });

  it('brings phone numbers to the stored form', () => {
    expect(searchTerm('+966551234567')).toBe('0551234567');
    expect(searchTerm('00966 55 123 4567')).toBe('0551234567');
    expect(searchTerm('551234567')).toBe('0551234567');
    expect(searchTerm('+96655123')).toBe('055123');
    expect(searchTerm('055-123')).toBe('055123');
    expect(searchTerm('محمد')).toBe('محمد');
    expect(searchTerm('TK-000001')).toBe('TK-000001');
    expect(searchTerm('--')).toBe('--');
  });
});

describe('GET /api/v1/admin/tickets', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/tickets' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it.each([
    ['an unknown status', '?status=new,broken'],
    ['an unknown priority', '?priority=critical'],
    ['a technician id that is not a uuid', '?technicianId=42'],
    ['an impossible date', '?dateFrom=2026-02-30'],
    ['a date in another format', '?dateTo=22/11/2026'],
    ['dateTo before dateFrom', '?dateFrom=2026-11-22&dateTo=2026-11-21'],
    ['a one-character search', '?search=a'],
    ['a search over 100 characters', `?search=${'a'.repeat(101)}`],
    ['limit 0', '?limit=0'],
    ['limit 101', '?limit=101'],
    ['page 0', '?page=0'],
    ['an unknown sort', '?sort=random'],
    ['a cursor with sort priority', `?sort=priority&cursor=${Buffer.from('x').toString('base64url')}`],
    [
      'a cursor that was not issued by the server',
      `?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
    ],
    ['a cursor with characters outside base64url', '?cursor=abc%2Bdef'],
  ])('refuses %s with 400', async (_label, query) => {
    const response = await list(query);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const response = await list('', w.as[role]);
    expect(response.statusCode).toBe(403);
  });

  it('lists the organisation’s tickets, newest first, never another organisation’s', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([
      ids.abdullah,
      ids.sara,
      ids.mohammed,
      ids.john,
    ]);
    expect(body).toMatchObject({ total: 4, page: 1, limit: 20, nextCursor: null });
    expect(body.tickets[1]).toMatchObject({
      ticketNumber: numbers[ids.sara],
      status: 'assigned',
      priority: 'high',
      customerName: 'Sara Ahmed',
      customerCity: 'jeddah',
      technician: { id: technicianIdOf(w.technician), name: 'خالد الفني', phone: '0501110001' },
    });
    expect(body.tickets[2].technician).toBeNull();
  });

  it('treats parameters sent empty as not sent', async () => {
    const response = await list(
      '?status=&priority=,&technicianId=&city=&dateFrom=&search=%20&page=&limit=&sort=&cursor=',
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ total: 4, page: 1, limit: 20 });
  });

  it('filters by one status and by several', async () => {
    expect(await idsOf('?status=new')).toEqual([ids.mohammed]);
    expect(await idsOf('?status=assigned,scheduled')).toEqual([ids.abdullah, ids.sara]);
    expect(await idsOf('?status=assigned&status=cancelled')).toEqual([ids.sara, ids.john]);
    expect(await idsOf('?status=completed')).toEqual([]);
  });

  it('filters by priority, technician and city', async () => {
    expect(await idsOf('?priority=urgent,low')).toEqual([ids.abdullah, ids.john]);
    expect(await idsOf(`?technicianId=${technicianIdOf(w.technician)}`)).toEqual([ids.abdullah, ids.sara]);
    expect(await idsOf(`?technicianId=${technicianIdOf(w.technician2)}`)).toEqual([]);
    expect(await idsOf('?city=riyadh')).toEqual([ids.abdullah, ids.mohammed]);
  });

  it('filters by creation day in the organisation’s time zone, dateTo inclusive', async () => {
    expect(await idsOf('?dateFrom=2026-11-22')).toEqual([ids.abdullah, ids.sara]);
    expect(await idsOf('?dateTo=2026-11-21')).toEqual([ids.mohammed, ids.john]);
    expect(await idsOf('?dateFrom=2026-11-20&dateTo=2026-11-20')).toEqual([ids.mohammed]);
    expect(await idsOf('?dateFrom=2026-11-19&dateTo=2026-11-22')).toHaveLength(4);
  });

  it('searches names (Arabic too), phones in any common form and ticket numbers', async () => {
    expect(await idsOf(`?search=${encodeURIComponent('العتيبي')}`)).toEqual([ids.mohammed]);
    expect(await idsOf(`?search=${encodeURIComponent('عبدالله')}`)).toEqual([ids.abdullah]);
    expect(await idsOf('?search=sara')).toEqual([ids.sara]);
    expect(await idsOf('?search=AHMED')).toEqual([ids.sara]);
    expect(await idsOf('?search=0551234567')).toEqual([ids.mohammed]);
    expect(await idsOf(`?search=${encodeURIComponent('+966551234567')}`)).toEqual([ids.mohammed]);
    expect(await idsOf('?search=551234567')).toEqual([ids.mohammed]);
    expect(await idsOf(`?search=${encodeURIComponent('+96656222')}`)).toEqual([ids.sara]);
    expect(await idsOf('?search=3334444')).toEqual([ids.abdullah]);
    const number = numbers[ids.sara] ?? '';
    expect(await idsOf(`?search=${number.toLowerCase()}`)).toEqual([ids.sara]);
  });

  it('matches LIKE wildcards literally', async () => {
    expect(await idsOf(`?search=${encodeURIComponent('100%_')}`)).toEqual([ids.john]);
    expect(await idsOf(`?search=${encodeURIComponent('%%')}`)).toEqual([]);
    expect(await idsOf(`?search=${encodeURIComponent('a_m')}`)).toEqual([]);
  });

  it('combines filters', async () => {
    expect(await idsOf(`?status=new,scheduled&search=${encodeURIComponent('محمد')}`)).toEqual([ids.mohammed]);
    expect(await idsOf('?city=riyadh&priority=urgent')).toEqual([ids.abdullah]);
    expect(await idsOf('?city=riyadh&priority=high')).toEqual([]);
    const response = await list(`?status=assigned,scheduled,new&city=riyadh&dateFrom=2026-11-21&limit=1`);
    expect(response.json()).toMatchObject({ total: 1, tickets: [{ id: ids.abdullah }] });
  });

  it('sorts oldest first, by priority and by last update', async () => {
    expect(await idsOf('?sort=oldest')).toEqual([ids.john, ids.mohammed, ids.sara, ids.abdullah]);
    expect(await idsOf('?sort=priority')).toEqual([ids.abdullah, ids.sara, ids.mohammed, ids.john]);
    await w.t.ctx.db
      .update(tickets)
      .set({ updatedAt: new Date('2026-11-23T00:00:00Z') })
      .where(eq(tickets.id, ids.john));
    expect((await idsOf('?sort=updated'))[0]).toBe(ids.john);
  });

  it('pages with page and limit; total counts every match', async () => {
    const first = (await list('?limit=3')).json();
    const second = (await list('?limit=3&page=2')).json();
    expect(first).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect(second).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(first.tickets).toHaveLength(3);
    expect(second.tickets).toHaveLength(1);
    expect(typeof first.nextCursor).toBe('string');
    expect(second.nextCursor).toBeNull();
    expect((await list('?limit=3&page=3')).json()).toMatchObject({ total: 4, tickets: [] });
  });

  it('gives no cursor for sorts that cannot use one', async () => {
    expect((await list('?limit=1&sort=priority')).json().nextCursor).toBeNull();
  });
});

describe('GET /api/v1/admin/tickets with a cursor', () => {
  const bulk: string[] = [];

  beforeAll(async () => {
    // 30 more tickets: twelve share one instant (ties break on id) and some differ only in microseconds.
    for (let i = 0; i < 30; i += 1) {
      w.t.clock.set(
        new Date(i < 12 ? '2026-11-18T09:00:00Z' : Date.parse('2026-11-18T10:00:00Z') + i * 60_000),
      );
      const { id } = await createTestTicket(w.t.ctx, {
        customerName: `Bulk Customer ${i}`,
        customerPhone: `05900000${String(i).padStart(2, '0')}`,
      });
      bulk.push(id);
    }
    await w.t.ctx.db
      .update(tickets)
      .set({
        createdAt: sql`${tickets.createdAt} + interval '1 microsecond' * (ascii(right(${tickets.customerPhone}, 1)) % 3)`,
      })
      .where(inArray(tickets.id, bulk.slice(0, 12)));
    w.t.clock.set(new Date('2026-11-22T06:00:00Z'));
  });

  async function walk(query: string, limit: number): Promise<{ ids: string[]; totals: number[] }> {
    const seen: string[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard += 1) {
      const response = await list(`?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      seen.push(...body.tickets.map((ticket: { id: string }) => ticket.id));
      totals.push(body.total);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return { ids: seen, totals };
  }

  it.each([
    ['newest', ''],
    ['oldest', '&sort=oldest'],
    ['newest with a status filter', '&status=new'],
    ['oldest with a search', '&sort=oldest&search=bulk'],
  ])('walks every page (%s) without duplicates or gaps', async (_label, query) => {
    const everything = await idsOf(`?limit=100${query}`);
    expect(everything.length).toBeGreaterThan(20);
    const walked = await walk(query, 7);
    expect(walked.ids).toEqual(everything);
    expect(new Set(walked.ids).size).toBe(walked.ids.length);
    expect(new Set(walked.totals)).toEqual(new Set([everything.length]));
  });

  it('ignores page when a cursor is given', async () => {
    const first = (await list('?limit=5')).json();
    const next = (await list(`?limit=5&page=4&cursor=${first.nextCursor}`)).json();
    const second = (await list('?limit=5&page=2')).json();
    expect(next.tickets.map((t: { id: string }) => t.id)).toEqual(
      second.tickets.map((t: { id: string }) => t.id),
    );
  });
});

describe('GET /api/v1/admin/tickets asked by many at the same moment', () => {
  const idsIn = (response: { json(): { tickets: Array<{ id: string }> } }) =>
    response.json().tickets.map((ticket) => ticket.id);

  it('answers each organisation with its own tickets, however the identical requests interleave', async () => {
    const foreignAdmin = await createStaff(w.t.ctx, { organizationId: foreignOrganizationId, role: 'admin' });
    const asForeign = bearer(await loginStaff(w.t, foreignAdmin));
    const query = '?search=%D9%85%D8%AD%D9%85%D8%AF'; // محمد: a name in both organisations
    const order = [w.as.admin, asForeign, w.as.admin, asForeign, w.as.admin, asForeign];
    const answers = await Promise.all(order.map((headers) => list(query, headers)));
    answers.forEach((answer, index) => {
      expect(answer.statusCode).toBe(200);
      expect(idsIn(answer)).toEqual(index % 2 === 0 ? [ids.mohammed] : [foreignId]);
    });
  });

  it('keeps nothing once answered: a burst after a change sees the change', async () => {
    const query = `?search=${numbers[ids.sara]}`;
    const burst = () => Promise.all(Array.from({ length: 5 }, () => list(query)));
    for (const answer of await burst()) expect(answer.json().tickets[0].priority).toBe('high');
    await w.t.ctx.db.update(tickets).set({ priority: 'urgent' }).where(eq(tickets.id, ids.sara));
    try {
      for (const answer of await burst()) expect(answer.json().tickets[0].priority).toBe('urgent');
    } finally {
      await w.t.ctx.db.update(tickets).set({ priority: 'high' }).where(eq(tickets.id, ids.sara));
    }
  });

  it('answers a refused request with its own error, not a shared page', async () => {
    const [good, bad] = await Promise.all([list('?limit=2'), list('?limit=2&cursor=abc')]);
    expect(good.statusCode).toBe(200);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });
});

describe('GET /api/v1/admin/tickets totals', () => {
  const totalOf = async (query: string) => (await list(query)).json().total as number;

  it('stay exact after writes that bypass the API (a repeated query never gets a stale total)', async () => {
    const query = '?status=new,assigned,scheduled&limit=1';
    const before = await totalOf(query);
    expect(await totalOf(query)).toBe(before);
    const [source] = await w.t.ctx.db.select().from(tickets).where(eq(tickets.id, ids.mohammed));
    if (!source) throw new Error('missing ticket');
    const { id: _id, searchText: _searchText, ...copy } = source;
    const [inserted] = await w.t.ctx.db
      .insert(tickets)
      .values({ ...copy, ticketNumber: 'TK-DIRECT', trackingToken: 'direct-insert-token' })
      .returning({ id: tickets.id });
    expect(await totalOf(query)).toBe(before + 1);
    await w.t.ctx.db
      .update(tickets)
      .set({ status: 'cancelled' })
      .where(eq(tickets.id, inserted?.id ?? ''));
    expect(await totalOf(query)).toBe(before);
  });
});

describe('GET /api/v1/admin/tickets/:id', () => {
  const url = (id: string) => `/api/v1/admin/tickets/${id}`;

  it('refuses a request without a token with 401', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: url(ids.sara) });
    expect(response.statusCode).toBe(401);
  });

  it('refuses an id that is not a uuid with 400', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: url('TK-1'), headers: w.as.admin });
    expect(response.statusCode).toBe(400);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const response = await w.t.app.inject({ method: 'GET', url: url(ids.sara), headers: w.as[role] });
    expect(response.statusCode).toBe(403);
  });

  it('answers 404 for an unknown ticket and for another organisation’s ticket', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', foreignId]) {
      const response = await w.t.app.inject({ method: 'GET', url: url(id), headers: w.as.admin });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('returns the ticket with timeline, attachments, escalations, notes, messages and parts requests', async () => {
    const id = await ticketIn(w, 'waiting_parts');
    await insertEscalation(w.t.ctx, {
      organizationId: w.organizationId,
      ticketId: id,
      level: 'L3',
      type: 'parts_delay',
    });
    await insertPartsRequest(w.t.ctx, {
      organizationId: w.organizationId,
      ticketId: id,
      requestedBy: w.technician,
    });
    const note = await w.t.app.inject({
      method: 'POST',
      url: `${url(id)}/notes`,
      headers: w.as.dispatcher,
      payload: { content: 'Customer prefers calls after 4 pm' },
    });
    expect(note.statusCode).toBe(200);

    const response = await w.t.app.inject({ method: 'GET', url: url(id), headers: w.as.admin });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ticket).toMatchObject({ id, status: 'waiting_parts', technician: { name: 'خالد الفني' } });
    expect(body.ticket.availableActions).toEqual(['cancel', 'parts_received']);
    // driveTicket runs every step at the same instant, so only the set of entries is certain here.
    expect(body.timeline.map((entry: { action: string }) => entry.action).sort()).toEqual(
      [
        'create',
        'assign',
        'schedule',
        'start_trip',
        'arrive',
        'start_inspection',
        'complete_diagnosis',
        'request_parts',
      ].sort(),
    );
    const trip = body.timeline.find((entry: { action: string }) => entry.action === 'start_trip');
    expect(trip).toMatchObject({ latitude: 24.79, longitude: 46.66, actorName: 'خالد الفني' });
    expect(body.attachments.map((item: { type: string }) => item.type).sort()).toEqual([
      'before_inspection',
      'serial_photo',
    ]);
    expect(body.escalations).toMatchObject([
      { level: 'L3', type: 'parts_delay', ticketId: id, isResolved: false },
    ]);
    expect(body.notes).toMatchObject([{ kind: 'note', content: 'Customer prefers calls after 4 pm' }]);
    expect(body.messages).toEqual([]);
    expect(body.partsRequests).toMatchObject([
      { partName: 'Compressor relay', quantity: 2, status: 'pending' },
    ]);
  });
});

describe('OpenAPI document', () => {
  it('describes the admin routes with their query parameters', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/admin/dashboard',
        '/api/v1/admin/tickets',
        '/api/v1/admin/tickets/{id}/assign',
        '/api/v1/admin/escalations/{id}/resolve',
        '/api/v1/admin/parts-requests/{id}/received',
        '/api/v1/admin/sla-configs/{id}',
        '/api/v1/admin/tracking/technicians',
      ]),
    );
    const names = paths['/api/v1/admin/tickets'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['status', 'priority', 'search', 'cursor', 'sort']));
  });
});
