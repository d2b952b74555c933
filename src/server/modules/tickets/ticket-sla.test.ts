// slaSummaries: each open ticket's most urgent running SLA target from the organisation's active rules,
// closed tickets without one, and a whole page computed from one history query.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { slaConfigs } from '../../db/schema';
import { type AdminWorld, buildAdminWorld, ticketIn } from '../admin/admin-test-kit';
import { type SlaTicketInput, slaSummaries } from './ticket-sla';
import { findTicket } from './tickets.repository';

const MIN = 60_000;
let w: AdminWorld;

beforeAll(async () => {
  w = await buildAdminWorld();
});

afterAll(async () => {
  await w?.t.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function inputOf(ticketId: string): Promise<SlaTicketInput> {
  const row = await findTicket(w.t.ctx.db, w.admin.principal, ticketId);
  if (!row) throw new Error('ticket not found');
  return row;
}

/** The summary of one ticket `minutes` after the clock's current time. */
async function summaryAfter(ticketId: string, minutes: number) {
  const now = new Date(w.t.clock.now().getTime() + minutes * MIN);
  const map = await slaSummaries(w.t.ctx, {
    organizationId: w.organizationId,
    tickets: [await inputOf(ticketId)],
    now,
  });
  return map.get(ticketId);
}

/** A new ticket created at `at`. */
async function newTicketAt(at: string, status: Parameters<typeof ticketIn>[1] = 'new') {
  w.t.clock.set(new Date(at));
  return ticketIn(w, status);
}

/** The SQL texts the pool runs while `run` runs. */
async function queriesDuring(run: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(w.t.ctx.pool, 'query');
  await run();
  const texts = spy.mock.calls.map(([query]) =>
    typeof query === 'string' ? query : String((query as { text?: string }).text),
  );
  spy.mockRestore();
  return texts;
}

describe('slaSummaries', () => {
  it('new ticket 1 h old: SLA-001 on track with 60 minutes left', async () => {
    const id = await newTicketAt('2026-11-22T06:00:00Z');
    expect(await summaryAfter(id, 60)).toEqual({
      state: 'on_track',
      targetId: 'SLA-001',
      dueAt: new Date('2026-11-22T08:00:00Z'),
      minutesLeft: 60,
      percentUsed: 50,
      policy: null,
      targets: [
        {
          targetId: 'SLA-001',
          kind: 'stage',
          policyId: null,
          state: 'on_track',
          dueAt: new Date('2026-11-22T08:00:00Z'),
          stoppedAt: null,
          minutesLeft: 60,
          percentUsed: 50,
        },
        expect.objectContaining({ targetId: 'SLA-006', state: 'on_track', minutesLeft: 7 * 1440 - 60 }),
      ],
    });
  });

  it('new ticket 1 h 40 min old: warning past 75 %; 1 h 50 min: critical past 90 %', async () => {
    const id = await newTicketAt('2026-11-22T06:00:00Z');
    expect(await summaryAfter(id, 100)).toMatchObject({
      state: 'warning',
      targetId: 'SLA-001',
      minutesLeft: 20,
      percentUsed: 83.3,
    });
    expect(await summaryAfter(id, 110)).toMatchObject({
      state: 'critical',
      targetId: 'SLA-001',
      minutesLeft: 10,
      percentUsed: 91.7,
    });
  });

  it('new ticket 2 h 10 min old: breached with negative minutes left', async () => {
    const id = await newTicketAt('2026-11-22T06:00:00Z');
    const sla = await summaryAfter(id, 130);
    expect(sla).toMatchObject({ state: 'breached', targetId: 'SLA-001', minutesLeft: -10 });
    expect(sla?.percentUsed).toBeGreaterThan(100);
  });

  it('assigned ticket: SLA-001 is met, SLA-002 runs from the assignment', async () => {
    const id = await newTicketAt('2026-11-22T06:00:00Z', 'assigned');
    const sla = await summaryAfter(id, 60);
    expect(sla).toMatchObject({
      state: 'on_track',
      targetId: 'SLA-002',
      dueAt: new Date('2026-11-22T10:00:00Z'),
      minutesLeft: 180,
      percentUsed: 25,
    });
    expect(sla?.targets.find((target) => target.targetId === 'SLA-001')).toMatchObject({
      state: 'met',
      minutesLeft: null,
    });
  });

  it('completed and cancelled tickets have no SLA', async () => {
    const completed = await newTicketAt('2026-11-22T06:00:00Z', 'completed');
    const cancelled = await newTicketAt('2026-11-22T06:00:00Z', 'cancelled');
    expect(await summaryAfter(completed, 60)).toBeNull();
    expect(await summaryAfter(cancelled, 10_000)).toBeNull();
  });

  it('follows the active rules: a deactivated SLA-001 gives way to SLA-006, a changed threshold moves the due time', async () => {
    const id = await newTicketAt('2026-11-22T06:00:00Z');
    const rule = (ruleId: string) =>
      and(eq(slaConfigs.organizationId, w.organizationId), eq(slaConfigs.ruleId, ruleId));
    try {
      await w.t.ctx.db.update(slaConfigs).set({ thresholdMinutes: 60 }).where(rule('SLA-001'));
      expect(await summaryAfter(id, 30)).toMatchObject({ targetId: 'SLA-001', minutesLeft: 30 });
      await w.t.ctx.db.update(slaConfigs).set({ isActive: false }).where(rule('SLA-001'));
      expect(await summaryAfter(id, 30)).toMatchObject({
        state: 'on_track',
        targetId: 'SLA-006',
        minutesLeft: 7 * 1440 - 30,
      });
    } finally {
      await w.t.ctx.db
        .update(slaConfigs)
        .set({ thresholdMinutes: 120, isActive: true })
        .where(rule('SLA-001'));
    }
    expect(await summaryAfter(id, 30)).toMatchObject({ targetId: 'SLA-001', minutesLeft: 90 });
  });

  it('computes a page of 20 tickets with one query each for rules, calendars, policies and history', async () => {
    w.t.clock.set(new Date('2026-11-22T06:00:00Z'));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await ticketIn(w, i % 2 === 0 ? 'new' : 'assigned'));
    const inputs = await Promise.all(ids.map(inputOf));
    let result = new Map();
    const queries = await queriesDuring(async () => {
      result = await slaSummaries(w.t.ctx, {
        organizationId: w.organizationId,
        tickets: inputs,
        now: new Date('2026-11-22T07:00:00Z'),
      });
    });
    expect(queries).toHaveLength(4);
    expect(queries.filter((text) => text.includes('ticket_status_history'))).toHaveLength(1);
    expect(queries.filter((text) => text.includes('sla_configs'))).toHaveLength(1);
    expect(queries.filter((text) => text.includes('business_calendars'))).toHaveLength(1);
    expect(queries.filter((text) => text.includes('sla_policies'))).toHaveLength(1);
    expect(result.size).toBe(20);
    ids.forEach((id, i) => {
      expect(result.get(id)).toMatchObject({ targetId: i % 2 === 0 ? 'SLA-001' : 'SLA-002' });
    });
  });

  it('reads nothing when every ticket is closed or the page is empty', async () => {
    const completed = await newTicketAt('2026-11-22T06:00:00Z', 'completed');
    const input = await inputOf(completed);
    const queries = await queriesDuring(async () => {
      const none = await slaSummaries(w.t.ctx, {
        organizationId: w.organizationId,
        tickets: [],
        now: w.t.clock.now(),
      });
      expect(none.size).toBe(0);
      const closed = await slaSummaries(w.t.ctx, {
        organizationId: w.organizationId,
        tickets: [input],
        now: w.t.clock.now(),
      });
      expect(closed.get(completed)).toBeNull();
    });
    expect(queries).toHaveLength(0);
  });
});
