// The SLA scheduler: cron expressions read on the organisation's clocks decide which rules a minute sweeps.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { escalations } from '../db/schema';
import { createStaff, createTestOrganization, createTestTicket } from '../test/factories';
import { buildTestApp, type TestApp } from '../test/helper';
import { cronMatches, parseCron } from './cron';
import { SlaScheduler } from './sla-scheduler';

describe('cron expressions', () => {
  it('refuses malformed expressions', () => {
    for (const bad of ['* * * *', '60 * * * *', '*/0 * * * *', '5-1 * * * *', 'a * * * *', '* * 0 * *']) {
      expect(() => parseCron(bad), bad).toThrow(RangeError);
    }
  });

  it('matches steps, ranges and lists on the clocks of the given zone', () => {
    const every15 = parseCron('*/15 * * * *');
    expect(cronMatches(every15, new Date('2026-11-22T06:45:30Z'), 'Asia/Riyadh')).toBe(true);
    expect(cronMatches(every15, new Date('2026-11-22T06:46:00Z'), 'Asia/Riyadh')).toBe(false);
    const nineLocal = parseCron('0 9 * * *');
    // 09:00 in Riyadh is 06:00Z; in Kolkata (UTC+5:30) it is 03:30Z.
    expect(cronMatches(nineLocal, new Date('2026-11-22T06:00:00Z'), 'Asia/Riyadh')).toBe(true);
    expect(cronMatches(nineLocal, new Date('2026-11-22T06:00:00Z'), 'UTC')).toBe(false);
    expect(cronMatches(nineLocal, new Date('2026-11-22T03:30:00Z'), 'Asia/Kolkata')).toBe(true);
    const weekdays = parseCron('0 8 * * 0-4');
    expect(cronMatches(weekdays, new Date('2026-11-22T05:00:00Z'), 'Asia/Riyadh')).toBe(true); // Sunday
    expect(cronMatches(weekdays, new Date('2026-11-27T05:00:00Z'), 'Asia/Riyadh')).toBe(false); // Friday
    expect(cronMatches(parseCron('0 0 1,15 * 7'), new Date('2026-11-22T00:00:00Z'), 'UTC')).toBe(true);
  });
});

describe('configuration', () => {
  it('defaults to seed 000 §7.3 and reads FIELDLINE_SLA_CRON_* and FIELDLINE_SLA_SCHEDULER', () => {
    expect(loadConfig({}).slaScheduler).toEqual({
      enabled: true,
      crons: {
        assignment: '*/15 * * * *',
        schedule: '*/30 * * * *',
        trip: '*/10 * * * *',
        parts: '0 9 * * *',
        ticket_age: '0 10 * * *',
      },
    });
    const custom = loadConfig({ FIELDLINE_SLA_SCHEDULER: 'off', FIELDLINE_SLA_CRON_TRIP: '*/5 * * * *' });
    expect(custom.slaScheduler.enabled).toBe(false);
    expect(custom.slaScheduler.crons.trip).toBe('*/5 * * * *');
  });

  it('refuses an invalid cron expression', () => {
    expect(() => loadConfig({ FIELDLINE_SLA_CRON_PARTS: 'daily' })).toThrow(/FIELDLINE_SLA_CRON_PARTS/);
  });
});

describe('SlaScheduler.runMinutes', () => {
  let t: TestApp;
  let unassigned: string;
  let old: string;

  beforeAll(async () => {
    t = await buildTestApp({ start: new Date('2026-11-10T06:00:00Z') });
    const organizationId = await createTestOrganization(t.ctx);
    await createStaff(t.ctx, { organizationId, role: 'admin' });
    old = (await createTestTicket(t.ctx)).id;
    t.clock.set(new Date('2026-11-22T03:00:00Z'));
    unassigned = (await createTestTicket(t.ctx)).id;
    t.clock.set(new Date('2026-11-22T06:15:00Z'));
  });

  afterAll(async () => {
    await t.close();
  });

  const rulesOf = async (ticketId: string) =>
    (await t.ctx.db.select().from(escalations).where(eq(escalations.ticketId, ticketId)))
      .map((row) => row.ruleId)
      .sort();

  it('sweeps only the rules of the jobs due in that minute, in the organisation’s zone', async () => {
    const scheduler = new SlaScheduler(t.ctx);
    // 06:15Z is 09:15 in Riyadh: only the assignment check (*/15) is due.
    await scheduler.runMinutes([new Date('2026-11-22T06:15:00Z')]);
    expect(await rulesOf(unassigned)).toEqual(['SLA-001']);
    expect(await rulesOf(old)).toEqual(['SLA-001']);
    // 07:00Z is 10:00 in Riyadh: the daily ticket-age check runs too.
    t.clock.set(new Date('2026-11-22T07:00:00Z'));
    await scheduler.runMinutes([new Date('2026-11-22T07:00:00Z')]);
    expect(await rulesOf(old)).toEqual(['SLA-001', 'SLA-006']);
    expect(await rulesOf(unassigned)).toEqual(['SLA-001']);
  });

  it('runs a job with a configured expression', async () => {
    const fresh = (await createTestTicket(t.ctx)).id;
    t.clock.set(new Date('2026-11-22T09:01:00Z'));
    const scheduler = new SlaScheduler(t.ctx, { crons: { assignment: '1 * * * *' } });
    await scheduler.runMinutes([new Date('2026-11-22T09:00:00Z')]);
    expect(await rulesOf(fresh)).toEqual([]);
    await scheduler.runMinutes([new Date('2026-11-22T09:01:00Z')]);
    expect(await rulesOf(fresh)).toEqual(['SLA-001']);
    const all = await t.ctx.db
      .select()
      .from(escalations)
      .where(inArray(escalations.ticketId, [fresh]));
    expect(all).toHaveLength(1);
  });
});
