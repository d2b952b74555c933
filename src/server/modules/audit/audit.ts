// Every mutation leaves an audit row (before/after) in the same transaction.
import type { Executor } from '../../db/connection';
import { auditLog } from '../../db/schema';

export interface AuditActor {
  id: string | null;
  name: string;
  role: string;
  ipAddress?: string | null;
  userAgent?: string | null;
}

export async function recordAudit(
  db: Executor,
  entry: {
    organizationId: string;
    action: string;
    entity: string;
    entityId: string;
    oldValue?: unknown;
    newValue?: unknown;
    actor: AuditActor;
  },
): Promise<void> {
  await db.insert(auditLog).values({
    organizationId: entry.organizationId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    oldValue: entry.oldValue ?? null,
    newValue: entry.newValue ?? null,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    actorRole: entry.actor.role,
    ipAddress: entry.actor.ipAddress ?? null,
    userAgent: entry.actor.userAgent ?? null,
  });
}
