// GET /api/v1/admin/reports/sla against a fixture worked out by hand. Organisation time zone
// Asia/Riyadh (UTC+3); period 2026-11-02..2026-11-08 = [2026-11-01T21:00Z, 2026-11-08T21:00Z).
//
// Ticket  created (UTC)   priority  escalations (rule, level)
// A       11-02 06:00     urgent    SLA-001 L1, SLA-001 L2  (one ticket, counted once)
// B       11-03 06:00     urgent    -
// C       11-04 06:00     normal    SLA-003 L1, SLA-001 L1
// D       11-05 06:00     normal    -
// E       11-06 06:00     low       no rule (customer complaint)
// F       11-01 20:00     normal    SLA-001 L1 on 11-02   (23:00 local on 11-01: before the period)
// G       11-08 22:00     high      SLA-002 L1 on 11-09   (01:00 local on 11-09: after the period)
// plus another organisation's ticket escalated in the period.
//
// Period tickets A..E = 5, escalated A C E = 3 → compliance 2/5 = 40.0 %.
// Priority: low 1 (1 escalated) 0.0 %; normal C D 2 (1) 50.0 %; high 0 → null; urgent A B 2 (1) 50.0 %.
// Rules: SLA-001 A C → 3/5 = 60.0 %; SLA-003 C → 80.0 %; SLA-002 (only G) and the others → 100.0 %;
// then the rule-less complaint row: 1 → 80.0 %.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priority } from '../../../domain/tickets';
import { escalations, tickets } from '../../db/schema';
import type { EscalationLevel, EscalationType } from '../../db/schema/escalations';
import { createTestTicket } from '../../test/factories';
import {
  type AdminWorld,
  buildAdminWorld,
  foreignTicket,
  insertEscalation,
  NON_STAFF,
} from './admin-test-kit';

let w: AdminWorld;
const url = '/api/v1/admin/reports/sla';
const period = 'dateFrom=2026-11-02&dateTo=2026-11-08';

async function ticket(createdAt: string, priority: Priority): Promise<string> {
  w.t.clock.set(new Date(createdAt));
  const { id } = await createTestTicket(w.t.ctx);
  await w.t.ctx.db.update(tickets).set({ priority }).where(eq(tickets.id, id));
  return id;
}

async function escalate(
  ticketId: string,
  at: string,
  ruleId: string | null,
  level: EscalationLevel = 'L1',
  type: EscalationType = 'assignment_delay',
) {
  const id = await insertEscalation(w.t.ctx, {
    organizationId: w.organizationId,
    ticketId,
    level,
    type,
    createdAt: new Date(at),
  });
  await w.t.ctx.db.update(escalations).set({ ruleId }).where(eq(escalations.id, id));
}

beforeAll(async () => {
  w = await buildAdminWorld();
  const a = await ticket('2026-11-02T06:00:00Z', 'urgent');
  await ticket('2026-11-03T06:00:00Z', 'urgent');
  const c = await ticket('2026-11-04T06:00:00Z', 'normal');
  await ticket('2026-11-05T06:00:00Z', 'normal');
  const e = await ticket('2026-11-06T06:00:00Z', 'low');
  const f = await ticket('2026-11-01T20:00:00Z', 'normal');
  const g = await ticket('2026-11-08T22:00:00Z', 'high');
  await escalate(a, '2026-11-02T09:00:00Z', 'SLA-001', 'L1');
  await escalate(a, '2026-11-02T12:00:00Z', 'SLA-001', 'L2');
  await escalate(c, '2026-11-04T10:00:00Z', 'SLA-003', 'L1', 'trip_delay');
  await escalate(c, '2026-11-04T11:00:00Z', 'SLA-001', 'L1');
  await escalate(e, '2026-11-06T10:00:00Z', null, 'L2', 'customer_complaint');
  await escalate(f, '2026-11-02T09:00:00Z', 'SLA-001');
  await escalate(g, '2026-11-09T09:00:00Z', 'SLA-002', 'L1', 'schedule_delay');
  const other = await foreignTicket(w.t.ctx);
  await w.t.ctx.db
    .update(tickets)
    .set({ createdAt: new Date('2026-11-03T06:00:00Z') })
    .where(eq(tickets.id, other.ticketId));
  await insertEscalation(w.t.ctx, {
    organizationId: other.organizationId,
    ticketId: other.ticketId,
    createdAt: new Date('2026-11-03T08:00:00Z'),
  });
});
afterAll(() => w.t.close());

describe('GET /api/v1/admin/reports/sla', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: `${url}?${period}` })).statusCode).toBe(401);
  });

  it.each([
    ['', 'dateFrom'],
    ['dateFrom=2026-11-02', 'dateTo'],
    ['dateFrom=2026-02-30&dateTo=2026-03-01', 'dateFrom'],
    ['dateFrom=2026-11-08&dateTo=2026-11-02', 'dateTo'],
    ['dateFrom=2025-01-01&dateTo=2026-11-02', 'dateTo'],
  ])('refuses the query "%s" with 400 naming %s', async (query, field) => {
    const response = await w.t.app.inject({ method: 'GET', url: `${url}?${query}`, headers: w.as.admin });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(JSON.stringify(body.error.details)).toContain(field);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const response = await w.t.app.inject({ method: 'GET', url: `${url}?${period}`, headers: w.as[role] });
    expect(response.statusCode).toBe(403);
  });

  it('gives the period’s compliance, per priority and per rule, from the organisation’s tickets only', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: `${url}?${period}`, headers: w.as.manager });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.period).toEqual({ dateFrom: '2026-11-02', dateTo: '2026-11-08', timeZone: 'Asia/Riyadh' });
    expect(body).toMatchObject({ totalTickets: 5, escalatedTickets: 3, compliance: 40 });
    expect(body.byPriority).toEqual([
      { priority: 'low', totalTickets: 1, escalatedTickets: 1, compliance: 0 },
      { priority: 'normal', totalTickets: 2, escalatedTickets: 1, compliance: 50 },
      { priority: 'high', totalTickets: 0, escalatedTickets: 0, compliance: null },
      { priority: 'urgent', totalTickets: 2, escalatedTickets: 1, compliance: 50 },
    ]);
    const rules = Object.fromEntries(
      body.byRule.map((row: { ruleId: string | null; escalatedTickets: number; compliance: number }) => [
        row.ruleId ?? 'none',
        [row.escalatedTickets, row.compliance],
      ]),
    );
    expect(rules).toEqual({
      'SLA-001': [2, 60],
      'SLA-002': [0, 100],
      'SLA-003': [1, 80],
      'SLA-004': [0, 100],
      'SLA-005': [0, 100],
      'SLA-006': [0, 100],
      'SLA-007': [0, 100],
      'SLA-008': [0, 100],
      none: [1, 80],
    });
    expect(body.byRule.at(-1)).toMatchObject({ ruleId: null, name: null, type: 'customer_complaint' });
    expect(body.byRule[0]).toMatchObject({ ruleId: 'SLA-001', isActive: true });
    expect(typeof body.byRule[0].name).toBe('string');
  });

  it('answers an empty period with zero tickets and null rates', async () => {
    const response = await w.t.app.inject({
      method: 'GET',
      url: `${url}?dateFrom=2026-10-01&dateTo=2026-10-07`,
      headers: w.as.dispatcher,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ totalTickets: 0, escalatedTickets: 0, compliance: null });
    expect(body.byRule.every((row: { compliance: number | null }) => row.compliance === null)).toBe(true);
  });
});
