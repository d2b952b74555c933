import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaConfigs } from '../../db/schema';
import { type AdminWorld, auditRows, buildAdminWorld, foreignTicket, NON_STAFF } from './admin-test-kit';

let w: AdminWorld;
let foreignConfig: string;

beforeAll(async () => {
  w = await buildAdminWorld();
  const other = await foreignTicket(w.t.ctx);
  const [row] = await w.t.ctx.db
    .select({ id: slaConfigs.id })
    .from(slaConfigs)
    .where(and(eq(slaConfigs.organizationId, other.organizationId), eq(slaConfigs.ruleId, 'SLA-001')));
  foreignConfig = row?.id ?? '';
});
afterAll(() => w.t.close());

const configId = async (ruleId: string) => {
  const [row] = await w.t.ctx.db
    .select()
    .from(slaConfigs)
    .where(and(eq(slaConfigs.organizationId, w.organizationId), eq(slaConfigs.ruleId, ruleId)));
  if (!row) throw new Error(`no ${ruleId}`);
  return row;
};

describe('GET /api/v1/admin/sla-configs', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/sla-configs' })).statusCode).toBe(401);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const response = await w.t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/sla-configs',
      headers: w.as[role],
    });
    expect(response.statusCode).toBe(403);
  });

  it('lists the eight rules of the organisation in rule order', async () => {
    const response = await w.t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/sla-configs',
      headers: w.as.supervisor,
    });
    expect(response.statusCode).toBe(200);
    const { configs } = response.json();
    expect(configs.map((config: { ruleId: string }) => config.ruleId)).toEqual([
      'SLA-001',
      'SLA-002',
      'SLA-003',
      'SLA-004',
      'SLA-005',
      'SLA-006',
      'SLA-007',
      'SLA-008',
    ]);
    expect(configs[0]).toEqual({
      id: expect.any(String),
      ruleId: 'SLA-001',
      name: 'New ticket not assigned',
      type: 'assignment_delay',
      thresholdMinutes: 120,
      escalationLevel: 'L1',
      ownerRole: 'supervisor',
      isActive: true,
      autoReassign: false,
      updatedAt: expect.any(String),
    });
    expect(configs.map((config: { id: string }) => config.id)).not.toContain(foreignConfig);
  });
});

describe('PUT /api/v1/admin/sla-configs/:id', () => {
  const put = (id: string, payload: unknown, headers: Record<string, string> | undefined = w.as.admin) =>
    w.t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/sla-configs/${id}`,
      headers,
      payload: payload as object,
    });

  it('refuses a request without a token with 401', async () => {
    const config = await configId('SLA-002');
    expect((await put(config.id, { thresholdMinutes: 60 }, {})).statusCode).toBe(401);
  });

  it.each([
    ['an empty body', {}],
    ['a negative threshold', { thresholdMinutes: -1 }],
    ['a threshold over a year', { thresholdMinutes: 525_601 }],
    ['a fractional threshold', { thresholdMinutes: 1.5 }],
    ['a threshold given as text', { thresholdMinutes: '60' }],
    ['isActive that is not a boolean', { isActive: 'false' }],
    ['autoReassign that is not a boolean', { autoReassign: 'true' }],
    ['an unknown field', { thresholdMinutes: 60, escalationLevel: 'L3' }],
  ])('refuses %s with 400, changing nothing', async (_label, payload) => {
    const before = await configId('SLA-002');
    const response = await put(before.id, payload);
    expect(response.statusCode).toBe(400);
    expect(await configId('SLA-002')).toEqual(before);
  });

  const notAdmins: Array<keyof AdminWorld['as']> = ['supervisor', 'dispatcher', 'manager', ...NON_STAFF];
  it.each(notAdmins)('refuses a %s with 403: only admins change SLA rules', async (role) => {
    const before = await configId('SLA-002');
    const response = await put(before.id, { thresholdMinutes: 60 }, w.as[role]);
    expect(response.statusCode).toBe(403);
    expect(await configId('SLA-002')).toEqual(before);
  });

  it('answers 404 for an unknown rule and for another organisation’s', async () => {
    expect((await put('00000000-0000-4000-8000-000000000000', { isActive: false })).statusCode).toBe(404);
    expect((await put(foreignConfig, { isActive: false })).statusCode).toBe(404);
    const [foreign] = await w.t.ctx.db.select().from(slaConfigs).where(eq(slaConfigs.id, foreignConfig));
    expect(foreign?.isActive).toBe(true);
  });

  it('changes the threshold, the switch, or both, with an audit row each', async () => {
    const config = await configId('SLA-002');
    const first = await put(config.id, { thresholdMinutes: 180 });
    expect(first.statusCode).toBe(200);
    expect(first.json().config).toMatchObject({ ruleId: 'SLA-002', thresholdMinutes: 180, isActive: true });
    const second = await put(config.id, { isActive: false });
    expect(second.json().config).toMatchObject({ thresholdMinutes: 180, isActive: false });
    const third = await put(config.id, { thresholdMinutes: 0, isActive: true });
    expect(third.json().config).toMatchObject({ thresholdMinutes: 0, isActive: true });
    expect(await configId('SLA-002')).toMatchObject({ thresholdMinutes: 0, isActive: true });
    const audits = await auditRows(w.t.ctx, config.id, 'sla_config.update');
    expect(audits).toHaveLength(3);
    expect(audits.map((row) => row.newValue)).toEqual(
      expect.arrayContaining([{ thresholdMinutes: 180, isActive: false, autoReassign: false }]),
    );
  });

  it('switches automatic reassignment on and off for an L3 rule, with an audit row', async () => {
    const config = await configId('SLA-006');
    const on = await put(config.id, { autoReassign: true });
    expect(on.statusCode).toBe(200);
    expect(on.json().config).toMatchObject({ ruleId: 'SLA-006', escalationLevel: 'L3', autoReassign: true });
    expect(await configId('SLA-006')).toMatchObject({ autoReassign: true });
    const off = await put(config.id, { autoReassign: false });
    expect(off.json().config).toMatchObject({ autoReassign: false });
    const audits = await auditRows(w.t.ctx, config.id, 'sla_config.update');
    expect(audits.map((row) => (row.newValue as { autoReassign: boolean }).autoReassign).sort()).toEqual([
      false,
      true,
    ]);
  });

  it('refuses automatic reassignment on an L1 or L2 rule with 422, changing nothing', async () => {
    const before = await configId('SLA-001');
    const response = await put(before.id, { autoReassign: true, thresholdMinutes: 30 });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toMatchObject({ field: 'autoReassign' });
    expect(await configId('SLA-001')).toEqual(before);
  });
});
