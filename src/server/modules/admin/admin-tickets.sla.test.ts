// GET /api/v1/admin/tickets and /api/v1/admin/tickets/:id carry each ticket's SLA state and time left
// (issue 3): the most urgent running target, null for a closed ticket, one history query per page.

import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { slaConfigs } from '../../db/schema';
import { bearer, type TestUser } from '../../test/factories';
import { type AdminWorld, buildAdminWorld, ticketIn } from './admin-test-kit';

let w: AdminWorld;
const T0 = '2026-11-22T06:00:00Z';

interface SlaView {
  state: string;
  targetId: string;
  dueAt: string;
  minutesLeft: number;
  percentUsed: number;
}

interface ListBody {
  tickets: Array<{ id: string; status: string; sla?: SlaView | null }>;
  total: number;
}

beforeAll(async () => {
  w = await buildAdminWorld();
});

afterAll(async () => {
  await w?.t.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Tokens live 15 minutes and the clock moves by hours: each request signs one at the current time. */
async function get(url: string, user: TestUser = w.dispatcher) {
  const token = await w.t.ctx.accessTokens.sign(user.principal, w.t.clock.now());
  return w.t.app.inject({ method: 'GET', url, headers: bearer(token) });
}

async function ticketAt(at: string, status: Parameters<typeof ticketIn>[1] = 'new') {
  w.t.clock.set(new Date(at));
  return ticketIn(w, status);
}

describe('SLA on the admin ticket list and details', () => {
  let fresh: string;
  let late: string;
  let assigned: string;
  let completed: string;

  beforeAll(async () => {
    fresh = await ticketAt('2026-11-22T07:10:00Z');
    late = await ticketAt(T0);
    assigned = await ticketAt('2026-11-22T07:40:00Z', 'assigned');
    completed = await ticketAt(T0, 'completed');
    w.t.clock.set(new Date('2026-11-22T08:10:00Z'));
  });

  it('401 without a token, 403 for a technician', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/tickets' })).statusCode).toBe(401);
    expect((await get('/api/v1/admin/tickets', w.technician)).statusCode).toBe(403);
  });

  it('lists each ticket with its most urgent running target', async () => {
    const res = await get('/api/v1/admin/tickets?limit=100');
    expect(res.statusCode).toBe(200);
    const body = res.json() as ListBody;
    const slaOf = (id: string) => body.tickets.find((ticket) => ticket.id === id)?.sla;
    expect(slaOf(fresh)).toMatchObject({
      state: 'on_track',
      targetId: 'SLA-001',
      dueAt: '2026-11-22T09:10:00.000Z',
      minutesLeft: 60,
      percentUsed: 50,
      policy: null,
    });
    expect(slaOf(late)).toMatchObject({ state: 'breached', targetId: 'SLA-001', minutesLeft: -10 });
    expect(slaOf(assigned)).toMatchObject({
      state: 'on_track',
      targetId: 'SLA-002',
      dueAt: '2026-11-22T11:40:00.000Z',
      minutesLeft: 210,
    });
    expect(slaOf(completed)).toBeNull();
  });

  it('shows warning and critical as the clock passes 75 % and 90 %', async () => {
    try {
      w.t.clock.set(new Date('2026-11-22T08:50:00Z'));
      const warning = (await get(`/api/v1/admin/tickets/${fresh}`)).json();
      expect(warning.ticket.sla).toMatchObject({ state: 'warning', targetId: 'SLA-001', minutesLeft: 20 });
      w.t.clock.set(new Date('2026-11-22T09:00:00Z'));
      const critical = (await get(`/api/v1/admin/tickets/${fresh}`)).json();
      expect(critical.ticket.sla).toMatchObject({ state: 'critical', targetId: 'SLA-001', minutesLeft: 10 });
    } finally {
      w.t.clock.set(new Date('2026-11-22T08:10:00Z'));
    }
  });

  it('shows the SLA on the ticket details, null once the ticket is closed', async () => {
    const open = await get(`/api/v1/admin/tickets/${late}`);
    expect(open.statusCode).toBe(200);
    expect(open.json().ticket.sla).toMatchObject({
      state: 'breached',
      targetId: 'SLA-001',
      minutesLeft: -10,
    });
    const closed = await get(`/api/v1/admin/tickets/${completed}`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().ticket.sla).toBeNull();
  });

  it('shows the SLA on the technician task details too', async () => {
    const res = await get(`/api/v1/technician/tasks/${assigned}`, w.technician);
    expect(res.statusCode).toBe(200);
    expect(res.json().task.sla).toMatchObject({ state: 'on_track', targetId: 'SLA-002', minutesLeft: 210 });
  });
});

describe('a page of 20 tickets', () => {
  /** The SQL texts the pool ran while answering GET url. */
  async function queriesOf(url: string) {
    const spy = vi.spyOn(w.t.ctx.pool, 'query');
    const res = await get(url);
    const texts = spy.mock.calls.map(([query]) =>
      typeof query === 'string' ? query : String((query as { text?: string }).text),
    );
    spy.mockRestore();
    expect(res.statusCode).toBe(200);
    return { body: res.json() as ListBody, texts };
  }

  it('is two queries (the ids, then their rows with the status history), and reads the SLA rules again only after they change', async () => {
    // Newer than every other ticket of the file, so the newest 20 are these.
    w.t.clock.set(new Date('2026-11-22T10:00:00Z'));
    for (let i = 0; i < 20; i++) await ticketIn(w, i % 3 === 0 ? 'assigned' : 'new');
    w.t.clock.set(new Date('2026-11-22T10:30:00Z'));
    const url = '/api/v1/admin/tickets?limit=20&withTotal=false';
    await get(url);

    const warm = await queriesOf(url);
    expect(warm.body.tickets).toHaveLength(20);
    expect(warm.body.tickets.every((ticket) => ticket.sla?.targetId)).toBe(true);
    expect(warm.texts).toHaveLength(2);
    expect(warm.texts[0]).not.toContain('"ticket_status_history"');
    expect(warm.texts[1]).toContain('"ticket_status_history"');
    const fresh = warm.body.tickets.find((ticket) => ticket.status === 'new');
    expect(fresh?.sla).toMatchObject({ targetId: 'SLA-001', minutesLeft: 90 });

    // Another process (here: plain SQL) shortens SLA-001 from 120 to 60 minutes.
    await w.t.ctx.db
      .update(slaConfigs)
      .set({ thresholdMinutes: 60 })
      .where(and(eq(slaConfigs.organizationId, w.organizationId), eq(slaConfigs.ruleId, 'SLA-001')));
    const changed = await queriesOf(url);
    expect(changed.texts.filter((text) => text.includes('"sla_configs"'))).toHaveLength(1);
    const after = changed.body.tickets.find((ticket) => ticket.id === fresh?.id);
    expect(after?.sla).toMatchObject({ targetId: 'SLA-001', minutesLeft: 30 });
    expect((await queriesOf(url)).texts).toHaveLength(2);
  });
});
