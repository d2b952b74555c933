// "Sweep now" (POST /api/v1/admin/sla/sweep): the scheduler's SLA sweep run at once for the caller's
// organisation, for every swept rule or the chosen ones. Safe next to the scheduler and other processes:
// each (ticket, rule, level) is still escalated once (see jobs/sla-sweep.ts).
import type { AppContext } from '../../context';
import { SWEPT_RULE_IDS, type SweepResult, sweepSla } from '../../jobs/sla-sweep';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { auditActor } from './admin-common';

export async function sweepSlaNow(
  ctx: AppContext,
  opts: { principal: Principal; ruleIds?: readonly string[]; meta: RequestMeta },
): Promise<SweepResult> {
  const { principal } = opts;
  const now = ctx.clock.now();
  const ruleIds = opts.ruleIds ?? SWEPT_RULE_IDS;
  const result = await sweepSla(ctx, { organizationId: principal.organizationId, ruleIds, now });
  // The sweep commits batch by batch; this row records who asked and what it found.
  await recordAudit(ctx.db, {
    organizationId: principal.organizationId,
    action: 'sla.sweep',
    entity: 'organization',
    entityId: principal.organizationId,
    newValue: { ruleIds, at: now.toISOString(), ...result },
    actor: auditActor(principal, opts.meta),
  });
  ctx.outbox.kick();
  return result;
}
