// Device types and visit time slots per organisation (issue 7): rename a fixed code in Arabic and
// English, or stop offering it to customers. At least one of each stays offered, or nobody could file a request.
import { and, eq } from 'drizzle-orm';
import { TIME_SLOTS } from '../../../domain/schedule/time-slots';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { settings } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import {
  forgetVocabularies,
  parseVocabularySetting,
  readVocabularies,
  VOCABULARY_CODES,
  VOCABULARY_SETTING_KEYS,
  type Vocabularies,
  type VocabularyKind,
  type VocabularySetting,
  vocabularyEntries,
} from '../organizations/vocabularies';
import { auditActor } from './admin-common';
import type { VocabulariesView, VocabularyInput } from './settings.schemas';

const KIND_NAMES: Record<VocabularyKind, { one: string; many: string }> = {
  deviceTypes: { one: 'device type', many: 'device types' },
  timeSlots: { one: 'time slot', many: 'time slots' },
};

function presentVocabularies(vocabularies: Vocabularies): VocabulariesView {
  return {
    deviceTypes: vocabularies.deviceTypes,
    timeSlots: vocabularies.timeSlots.map((slot) => ({ ...slot, ...TIME_SLOTS[slot.code] })),
  };
}

export async function listVocabularies(ctx: AppContext, principal: Principal): Promise<VocabulariesView> {
  return presentVocabularies(await readVocabularies(ctx.db, principal.organizationId));
}

/** Creates the organisation's row when missing, then locks it: concurrent edits queue up behind it. */
async function lockSetting(
  tx: Executor,
  opts: { organizationId: string; kind: VocabularyKind; now: Date },
): Promise<{ id: string; setting: VocabularySetting }> {
  const key = VOCABULARY_SETTING_KEYS[opts.kind];
  await tx
    .insert(settings)
    .values({
      organizationId: opts.organizationId,
      key,
      value: {},
      description: `Names and availability of the ${KIND_NAMES[opts.kind].many}`,
      createdAt: opts.now,
      updatedAt: opts.now,
    })
    .onConflictDoNothing({ target: [settings.organizationId, settings.key] });
  const [row] = await tx
    .select({ id: settings.id, value: settings.value })
    .from(settings)
    .where(and(eq(settings.organizationId, opts.organizationId), eq(settings.key, key)))
    .for('update');
  if (!row) throw new AppError('internal', 'The setting could not be read.');
  return { id: row.id, setting: parseVocabularySetting(row.value) };
}

function requireCode(kind: VocabularyKind, code: string): void {
  const codes: readonly string[] = VOCABULARY_CODES[kind];
  if (!codes.includes(code)) {
    throw new AppError('not_found', `There is no ${KIND_NAMES[kind].one} "${code}".`, { codes });
  }
}

function requireOneActive(kind: VocabularyKind, setting: VocabularySetting): void {
  const entries = vocabularyEntries<string>(VOCABULARY_CODES[kind], setting);
  if (entries.some((entry) => entry.isActive)) return;
  const message = `At least one ${KIND_NAMES[kind].one} must stay active: customers could not file a request otherwise.`;
  throw new AppError('unprocessable', message, {
    field: 'isActive',
    issues: [{ path: 'body.isActive', message }],
  });
}

export async function saveVocabularyEntry(
  ctx: AppContext,
  opts: {
    principal: Principal;
    kind: VocabularyKind;
    code: string;
    input: VocabularyInput;
    meta: RequestMeta;
  },
): Promise<VocabulariesView> {
  const { principal, kind, code, input } = opts;
  requireCode(kind, code);
  const organizationId = principal.organizationId;
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const current = await lockSetting(tx, { organizationId, kind, now });
    const [before] = vocabularyEntries([code], current.setting);
    const next: VocabularySetting = { ...current.setting, [code]: { ...input } };
    requireOneActive(kind, next);
    await tx.update(settings).set({ value: next, updatedAt: now }).where(eq(settings.id, current.id));
    await recordAudit(tx, {
      organizationId,
      action: 'vocabulary.update',
      entity: 'setting',
      entityId: current.id,
      oldValue: { key: VOCABULARY_SETTING_KEYS[kind], ...before },
      newValue: { key: VOCABULARY_SETTING_KEYS[kind], code, ...input },
      actor: auditActor(principal, opts.meta),
    });
  });
  forgetVocabularies(ctx, organizationId);
  return listVocabularies(ctx, principal);
}
