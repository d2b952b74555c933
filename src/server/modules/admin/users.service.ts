// Staff accounts: list, create, edit (role included), deactivate/activate and password reset. Every
// change runs in one transaction with its audit row. The rules that keep an organisation manageable
// hold here: an admin cannot deactivate or demote themselves, the last active admin stays, and a
// technician with open tickets is not deactivated until those tickets are reassigned.
import { randomInt } from 'node:crypto';
import { and, asc, eq, ilike, inArray, isNull, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { refreshTokens, technicians, tickets, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { hashPassword } from '../../lib/password';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { auditActor, offsetOf, STATUS_GROUPS } from './admin-common';
import { escapeLike } from './admin-tickets.repository';
import {
  type CreateUserInput,
  type ManagedUser,
  STAFF_ACCOUNT_ROLES,
  type StaffAccountRole,
  type UpdateUserInput,
  type UserListQuery,
} from './users.schemas';

/** Why a change to an account was refused; the web app shows its own text for each. */
export type AccountRefusal =
  | 'self_deactivation'
  | 'self_demotion'
  | 'last_admin'
  | 'open_tickets'
  | 'technician_role'
  | 'not_an_active_admin';

const refuse = (reason: AccountRefusal, message: string, details: Record<string, unknown> = {}) =>
  new AppError(reason === 'open_tickets' ? 'conflict' : 'unprocessable', message, { reason, ...details });

export interface AccountWrite {
  principal: Principal;
  meta: RequestMeta;
}

const managedColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  phone: users.phone,
  role: users.role,
  locale: users.locale,
  isActive: users.isActive,
  technicianId: technicians.id,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

type ManagedRow = Omit<ManagedUser, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

const presentUser = (row: ManagedRow): ManagedUser => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Staff accounts of the organisation that were not deleted. */
const staffOf = (organizationId: string) =>
  and(
    eq(users.organizationId, organizationId),
    isNull(users.deletedAt),
    inArray(users.role, [...STAFF_ACCOUNT_ROLES]),
  ) as SQL;

export async function listUsers(
  ctx: AppContext,
  principal: Principal,
  query: UserListQuery,
): Promise<{ users: ManagedUser[]; total: number; page: number; limit: number }> {
  const conditions = [staffOf(principal.organizationId)];
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.isActive !== undefined) conditions.push(eq(users.isActive, query.isActive));
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    conditions.push(
      or(ilike(users.name, pattern), ilike(users.email, pattern), ilike(users.phone, pattern)) as SQL,
    );
  }
  const where = and(...conditions) as SQL;
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select(managedColumns)
      .from(users)
      .leftJoin(technicians, eq(technicians.userId, users.id))
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(query.limit)
      .offset(offsetOf(query.page, query.limit)),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(users).where(where),
  ]);
  return {
    users: (rows as ManagedRow[]).map(presentUser),
    total: count?.total ?? 0,
    page: query.page,
    limit: query.limit,
  };
}

async function managedUser(db: Executor, organizationId: string, userId: string): Promise<ManagedUser> {
  const [row] = await db
    .select(managedColumns)
    .from(users)
    .leftJoin(technicians, eq(technicians.userId, users.id))
    .where(and(staffOf(organizationId), eq(users.id, userId)));
  if (!row) throw new AppError('not_found', 'User not found.');
  return presentUser(row as ManagedRow);
}

export const getUser = (ctx: AppContext, principal: Principal, userId: string) =>
  managedUser(ctx.db, principal.organizationId, userId);

/** Locks the target account's row; 404 for unknown, deleted, customer or other organisations' ids. */
async function lockAccount(tx: Executor, organizationId: string, userId: string) {
  const [row] = await tx
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      phone: users.phone,
      role: users.role,
      locale: users.locale,
      isActive: users.isActive,
    })
    .from(users)
    .where(and(staffOf(organizationId), eq(users.id, userId)))
    .for('update');
  if (!row) throw new AppError('not_found', 'User not found.');
  return row;
}

/**
 * Locks the organisation's active admins and checks the caller is still one of them (a token outlives
 * a demotion by minutes). Two admins demoting each other at once queue here, so one admin always stays.
 */
export async function lockActiveAdmins(tx: Executor, principal: Principal): Promise<Set<string>> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.organizationId, principal.organizationId),
        eq(users.role, 'admin'),
        eq(users.isActive, true),
        isNull(users.deletedAt),
      ),
    )
    .orderBy(asc(users.id))
    .for('update');
  const admins = new Set(rows.map((row) => row.id));
  if (!admins.has(principal.userId)) {
    throw refuse('not_an_active_admin', 'Your account is no longer an active administrator.');
  }
  return admins;
}

async function openTicketCount(tx: Executor, organizationId: string, userId: string): Promise<number> {
  const [row] = await tx
    .select({ open: sql<number>`count(${tickets.id})::int` })
    .from(technicians)
    .leftJoin(
      tickets,
      and(
        eq(tickets.technicianId, technicians.id),
        eq(tickets.organizationId, organizationId),
        notInArray(tickets.status, STATUS_GROUPS.closed),
      ),
    )
    .where(eq(technicians.userId, userId));
  return row?.open ?? 0;
}

async function revokeSessions(ctx: AppContext, tx: Executor, userId: string): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** Two accounts with one e-mail (anywhere) or one phone (in the organisation): a clear 409. */
function uniqueViolation(error: unknown): { constraint?: string } | undefined {
  for (const candidate of [error, (error as { cause?: unknown })?.cause]) {
    const pg = candidate as { code?: string; constraint?: string } | undefined;
    if (pg?.code === '23505') return pg;
  }
  return undefined;
}

const UNIQUE_FIELDS: Record<string, { field: string; message: string }> = {
  users_email_key: { field: 'email', message: 'Another account already uses this e-mail address.' },
  users_org_phone_key: { field: 'phone', message: 'Another account already uses this phone number.' },
  technicians_org_employee_key: {
    field: 'employeeId',
    message: 'Another technician already has this employee number.',
  },
};

export async function guardUniqueAccount<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const violation = uniqueViolation(error);
    if (!violation) throw error;
    const known = UNIQUE_FIELDS[violation.constraint ?? ''];
    throw new AppError('conflict', known?.message ?? 'This account conflicts with an existing one.', {
      field: known?.field ?? null,
      issues: known ? [{ path: `body.${known.field}`, message: known.message }] : [],
    });
  }
}

const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 12 characters from 56 (≈ 70 bits), grouped for reading aloud: "Xk7p-9QmR-2tWz". */
export function newTemporaryPassword(): string {
  const groups = Array.from({ length: 3 }, () =>
    Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/** The password to store and the one to show once (null when the admin chose it). */
async function passwordFor(given: string | undefined) {
  const temporaryPassword = given ? null : newTemporaryPassword();
  const passwordHash = await hashPassword(given ?? (temporaryPassword as string));
  return { passwordHash, temporaryPassword };
}

/**
 * Inserts a staff account (technicians add their row in the same transaction). The administrator
 * knows its password, generated or typed, so the user must choose their own at the first sign-in.
 */
export async function insertAccount(
  ctx: AppContext,
  tx: Executor,
  opts: {
    organizationId: string;
    input: { name: string; email: string; phone?: string | null; locale: string; password?: string };
    role: StaffAccountRole;
  },
): Promise<{ userId: string; temporaryPassword: string | null }> {
  const { passwordHash, temporaryPassword } = await passwordFor(opts.input.password);
  const now = ctx.clock.now();
  const [row] = await tx
    .insert(users)
    .values({
      organizationId: opts.organizationId,
      name: opts.input.name,
      email: opts.input.email,
      phone: opts.input.phone ?? null,
      locale: opts.input.locale,
      role: opts.role,
      passwordHash,
      passwordChangeRequired: true,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: users.id });
  if (!row) throw new AppError('internal', 'The account could not be created.');
  return { userId: row.id, temporaryPassword };
}

export async function createUser(
  ctx: AppContext,
  opts: AccountWrite & { input: CreateUserInput },
): Promise<{ user: ManagedUser; temporaryPassword: string | null }> {
  const { principal, input } = opts;
  return guardUniqueAccount(() =>
    ctx.db.transaction(async (tx) => {
      await lockActiveAdmins(tx, principal);
      const { userId, temporaryPassword } = await insertAccount(ctx, tx, {
        organizationId: principal.organizationId,
        input,
        role: input.role,
      });
      const user = await managedUser(tx, principal.organizationId, userId);
      await recordAudit(tx, {
        organizationId: principal.organizationId,
        action: 'user.create',
        entity: 'user',
        entityId: userId,
        newValue: auditedFields(user),
        actor: auditActor(principal, opts.meta),
      });
      return { user, temporaryPassword };
    }),
  );
}

const auditedFields = (
  user: Pick<ManagedUser, 'name' | 'email' | 'phone' | 'role' | 'locale' | 'isActive'>,
) => ({
  name: user.name,
  email: user.email,
  phone: user.phone,
  role: user.role,
  locale: user.locale,
  isActive: user.isActive,
});

function checkRoleChange(
  target: { id: string; role: string; isActive: boolean },
  role: StaffAccountRole,
  actorId: string,
  activeAdmins: Set<string>,
): void {
  if (role === target.role) return;
  if (target.role === 'technician' || role === 'technician') {
    throw refuse(
      'technician_role',
      'Technician accounts keep their role: create or deactivate technicians on the Technicians page.',
    );
  }
  if (target.role !== 'admin') return;
  if (target.id === actorId) {
    throw refuse(
      'self_demotion',
      'You cannot remove your own administrator role. Ask another administrator to do it.',
    );
  }
  if (target.isActive && activeAdmins.size <= 1) {
    throw refuse('last_admin', 'The organisation needs at least one active administrator.');
  }
}

export async function updateUser(
  ctx: AppContext,
  opts: AccountWrite & { userId: string; changes: UpdateUserInput },
): Promise<ManagedUser> {
  const { principal, changes } = opts;
  const organizationId = principal.organizationId;
  return guardUniqueAccount(() =>
    ctx.db.transaction(async (tx) => {
      const activeAdmins = await lockActiveAdmins(tx, principal);
      const target = await lockAccount(tx, organizationId, opts.userId);
      if (changes.role) checkRoleChange(target, changes.role, principal.userId, activeAdmins);
      const before = await managedUser(tx, organizationId, target.id);
      await tx
        .update(users)
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.email !== undefined ? { email: changes.email } : {}),
          ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
          ...(changes.role !== undefined ? { role: changes.role } : {}),
          ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
          updatedAt: ctx.clock.now(),
        })
        .where(eq(users.id, target.id));
      // The role travels in access tokens: a new role starts with a new sign-in.
      if (changes.role && changes.role !== target.role) await revokeSessions(ctx, tx, target.id);
      const after = await managedUser(tx, organizationId, target.id);
      await recordAudit(tx, {
        organizationId,
        action: 'user.update',
        entity: 'user',
        entityId: target.id,
        oldValue: auditedFields(before),
        newValue: auditedFields(after),
        actor: auditActor(principal, opts.meta),
      });
      return after;
    }),
  );
}

export async function setUserActive(
  ctx: AppContext,
  opts: AccountWrite & { userId: string; isActive: boolean },
): Promise<ManagedUser> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  return ctx.db.transaction(async (tx) => {
    const activeAdmins = await lockActiveAdmins(tx, principal);
    const target = await lockAccount(tx, organizationId, opts.userId);
    if (target.isActive === opts.isActive) return managedUser(tx, organizationId, target.id);
    if (!opts.isActive) await checkDeactivation(tx, organizationId, target, principal.userId, activeAdmins);
    await tx
      .update(users)
      .set({ isActive: opts.isActive, updatedAt: ctx.clock.now() })
      .where(eq(users.id, target.id));
    if (!opts.isActive) await revokeSessions(ctx, tx, target.id);
    await recordAudit(tx, {
      organizationId,
      action: opts.isActive ? 'user.activate' : 'user.deactivate',
      entity: 'user',
      entityId: target.id,
      oldValue: { isActive: target.isActive },
      newValue: { isActive: opts.isActive },
      actor: auditActor(principal, opts.meta),
    });
    return managedUser(tx, organizationId, target.id);
  });
}

async function checkDeactivation(
  tx: Executor,
  organizationId: string,
  target: { id: string; name: string; role: string },
  actorId: string,
  activeAdmins: Set<string>,
): Promise<void> {
  if (target.id === actorId) {
    throw refuse(
      'self_deactivation',
      'You cannot deactivate your own account. Ask another administrator to do it.',
    );
  }
  if (target.role === 'admin' && activeAdmins.size <= 1) {
    throw refuse('last_admin', 'The organisation needs at least one active administrator.');
  }
  if (target.role === 'technician') {
    const open = await openTicketCount(tx, organizationId, target.id);
    if (open > 0) {
      throw refuse(
        'open_tickets',
        `${target.name} still has ${open} open ticket(s). Reassign them first, then deactivate; ` +
          'a deactivated technician gets no new tickets.',
        { openTickets: open },
      );
    }
  }
}

export async function resetUserPassword(
  ctx: AppContext,
  opts: AccountWrite & { userId: string; password?: string },
): Promise<{ user: ManagedUser; temporaryPassword: string | null }> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  const { passwordHash, temporaryPassword } = await passwordFor(opts.password);
  return ctx.db.transaction(async (tx) => {
    await lockActiveAdmins(tx, principal);
    const target = await lockAccount(tx, organizationId, opts.userId);
    // Also for an admin resetting their own: a password set here is changed at the next sign-in.
    await tx
      .update(users)
      .set({ passwordHash, passwordChangeRequired: true, updatedAt: ctx.clock.now() })
      .where(eq(users.id, target.id));
    await revokeSessions(ctx, tx, target.id);
    await recordAudit(tx, {
      organizationId,
      action: 'user.reset_password',
      entity: 'user',
      entityId: target.id,
      newValue: { generated: temporaryPassword !== null },
      actor: auditActor(principal, opts.meta),
    });
    return { user: await managedUser(tx, organizationId, target.id), temporaryPassword };
  });
}
