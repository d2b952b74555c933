// POST /api/v1/admin/sla/sweep: admins and supervisors run the SLA sweep for their organisation now.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, escalations } from '../../db/schema';
import { SWEPT_RULE_IDS } from '../../jobs/sla-sweep';
import { bearer, createStaff, type TestUser } from '../../test/factories';
import { type AdminWorld, buildAdminWorld, foreignTicket, ticketIn } from './admin-test-kit';

const MINUTE = 60_000;

let w: AdminWorld;
let overdue: string;
let foreign: { organizationId: string; ticketId: string };

beforeAll(async () => {
  w = await buildAdminWorld();
  overdue = await ticketIn(w, 'new');
  foreign = await foreignTicket(w.t.ctx);
  w.t.clock.advance(121 * MINUTE);
});

afterAll(async () => {
  await w?.t.close();
});

/** Tokens live 15 minutes and the clock has moved by hours: one signed at the current time. */
async function as(user: TestUser): Promise<Record<string, string>> {
  return bearer(await w.t.ctx.accessTokens.sign(user.principal, w.t.clock.now()));
}

const sweep = (headers: Record<string, string>, payload?: unknown) =>
  w.t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/sla/sweep',
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const escalationCount = async () =>
  (await w.t.ctx.db.select({ id: escalations.id }).from(escalations)).length;

describe('POST /api/v1/admin/sla/sweep', () => {
  it('401 without a token', async () => {
    const response = await w.t.app.inject({ method: 'POST', url: '/api/v1/admin/sla/sweep' });
    expect(response.statusCode).toBe(401);
    expect(await escalationCount()).toBe(0);
  });

  it.each(['technician', 'workshop', 'dispatcher', 'manager'] as const)(
    'refuses a %s with 403 and escalates nothing',
    async (role) => {
      const response = await sweep(await as(w[role]));
      expect(response.statusCode).toBe(403);
      expect(await escalationCount()).toBe(0);
    },
  );

  it('refuses a customer with 403', async () => {
    const customer = await w.t.ctx.accessTokens.sign(
      { ...w.admin.principal, role: 'customer', customerId: randomUUID() },
      w.t.clock.now(),
    );
    const response = await sweep(bearer(customer));
    expect(response.statusCode).toBe(403);
    expect(await escalationCount()).toBe(0);
  });

  it.each([
    ['an unknown rule', { ruleIds: ['SLA-999'] }],
    ['a rule id in the wrong case', { ruleIds: ['SLA-001', 'sla-002'] }],
    ['an empty list', { ruleIds: [] }],
    ['a string instead of a list', { ruleIds: 'SLA-001' }],
    ['an unknown field', { ruleIds: ['SLA-001'], organizationId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses %s with 400 validation_failed and escalates nothing', async (_case, payload) => {
    const response = await sweep(await as(w.admin), payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(await escalationCount()).toBe(0);
  });

  it('names the rules it accepts when refusing one', async () => {
    const response = await sweep(await as(w.admin), { ruleIds: ['SLA-999'] });
    expect(response.body).toContain('SLA-001');
  });

  it('escalates the overdue ticket of the caller’s organisation once, with an audit row', async () => {
    const response = await sweep(await as(w.supervisor), { ruleIds: ['SLA-001', 'SLA-001'] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ examined: expect.any(Number), escalated: 1 });
    expect(response.json().examined).toBeGreaterThanOrEqual(1);

    const rows = await w.t.ctx.db.select().from(escalations);
    expect(rows).toEqual([
      expect.objectContaining({
        ticketId: overdue,
        ruleId: 'SLA-001',
        level: 'L1',
        type: 'assignment_delay',
      }),
    ]);
    // The other organisation's ticket (just as old) is not this caller's to sweep.
    expect(rows.some((row) => row.ticketId === foreign.ticketId)).toBe(false);

    const audit = await w.t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sla.sweep'), eq(auditLog.organizationId, w.organizationId)));
    expect(audit).toEqual([
      expect.objectContaining({
        entity: 'organization',
        entityId: w.organizationId,
        actorId: w.supervisor.principal.userId,
        actorRole: 'supervisor',
        newValue: expect.objectContaining({ ruleIds: ['SLA-001'], escalated: 1 }),
      }),
    ]);
  });

  it('escalates nothing the second time (every rule, no body)', async () => {
    w.t.clock.advance(5 * MINUTE);
    const response = await sweep(await as(w.admin));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ examined: expect.any(Number), escalated: 0 });
    expect(await escalationCount()).toBe(1);
  });

  it('limits how often one caller may sweep', async () => {
    const supervisor = await createStaff(w.t.ctx, { organizationId: w.organizationId, role: 'supervisor' });
    const headers = await as(supervisor);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await sweep(headers, { ruleIds: ['SLA-001'] })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(await escalationCount()).toBe(1);
  });
});

describe('OpenAPI', () => {
  it('describes the sweep and the rules it accepts', async () => {
    const document = (await w.t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const operation = document.paths['/api/v1/admin/sla/sweep']?.post;
    expect(operation?.security).toEqual([{ bearerAuth: [] }]);
    const body = operation?.requestBody?.content?.['application/json']?.schema;
    expect(body?.properties?.ruleIds?.items?.enum).toEqual(SWEPT_RULE_IDS);
    expect(SWEPT_RULE_IDS).toContain('SLA-001');
  });
});
