// SLA rule settings of seed 000 §7.1 (SLA-001..008): thresholds and on/off per organisation.
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { slaConfigs } from '../../db/schema';
import { AppError } from '../../errors';
import { forgetDeferredSlaChecks } from '../../jobs/sla-sweep';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import type { SlaConfigView } from './admin.schemas';
import { auditActor } from './admin-common';

type SlaConfigRow = typeof slaConfigs.$inferSelect;

export const presentSlaConfig = (row: SlaConfigRow): SlaConfigView => ({
  id: row.id,
  ruleId: row.ruleId,
  name: row.name,
  type: row.type,
  thresholdMinutes: row.thresholdMinutes,
  escalationLevel: row.escalationLevel,
  ownerRole: row.ownerRole,
  isActive: row.isActive,
  autoReassign: row.autoReassign,
  updatedAt: row.updatedAt.toISOString(),
});

export async function listSlaConfigs(ctx: AppContext, principal: Principal): Promise<SlaConfigView[]> {
  const rows = await ctx.db
    .select()
    .from(slaConfigs)
    .where(eq(slaConfigs.organizationId, principal.organizationId))
    .orderBy(asc(slaConfigs.ruleId));
  return rows.map(presentSlaConfig);
}

export async function updateSlaConfig(
  ctx: AppContext,
  opts: {
    principal: Principal;
    configId: string;
    changes: { thresholdMinutes?: number; isActive?: boolean; autoReassign?: boolean; ownerRole?: string };
    meta: RequestMeta;
  },
): Promise<SlaConfigView> {
  const { principal, changes } = opts;
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(slaConfigs)
      .where(and(eq(slaConfigs.id, opts.configId), eq(slaConfigs.organizationId, principal.organizationId)))
      .for('update');
    if (!current) throw new AppError('not_found', 'SLA rule not found.');
    if (changes.autoReassign && current.escalationLevel !== 'L3') {
      throw new AppError(
        'unprocessable',
        `Automatic reassignment is for L3 rules; ${current.ruleId} escalates at ${current.escalationLevel}.`,
        { field: 'autoReassign' },
      );
    }
    const [updated] = await tx
      .update(slaConfigs)
      .set({
        ...(changes.thresholdMinutes !== undefined ? { thresholdMinutes: changes.thresholdMinutes } : {}),
        ...(changes.isActive !== undefined ? { isActive: changes.isActive } : {}),
        ...(changes.autoReassign !== undefined ? { autoReassign: changes.autoReassign } : {}),
        ...(changes.ownerRole !== undefined ? { ownerRole: changes.ownerRole } : {}),
        updatedAt: ctx.clock.now(),
      })
      .where(eq(slaConfigs.id, current.id))
      .returning();
    if (!updated) throw new AppError('internal', 'The SLA rule could not be updated.');
    if (updated.thresholdMinutes !== current.thresholdMinutes) {
      await forgetDeferredSlaChecks(tx, principal.organizationId);
    }
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'sla_config.update',
      entity: 'sla_config',
      entityId: current.id,
      oldValue: {
        thresholdMinutes: current.thresholdMinutes,
        isActive: current.isActive,
        autoReassign: current.autoReassign,
        ...(changes.ownerRole !== undefined ? { ownerRole: current.ownerRole } : {}),
      },
      newValue: {
        thresholdMinutes: updated.thresholdMinutes,
        isActive: updated.isActive,
        autoReassign: updated.autoReassign,
        ...(changes.ownerRole !== undefined ? { ownerRole: updated.ownerRole } : {}),
      },
      actor: auditActor(principal, opts.meta),
    });
    return presentSlaConfig(updated);
  });
}
