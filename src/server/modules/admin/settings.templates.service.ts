// Notification templates per event and language: the built-in texts, and the organisation's own
// subject and body that replace them (only with the placeholders the sender fills in for that event).
import { and, eq, like } from 'drizzle-orm';
import { placeholderProblems, placeholdersIn } from '../../../domain/template-placeholders';
import type { AppContext } from '../../context';
import { settings } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { TEMPLATE_SETTING_PREFIX, templateSettingKey } from '../notifications/template-overrides';
import {
  builtInText,
  isTemplateName,
  type NotificationLocale,
  requiredPlaceholders,
  TEMPLATE_NAMES,
  type TemplateOverride,
  templatePlaceholders,
} from '../notifications/templates';
import { auditActor } from './admin-common';
import type { TemplateInput, TemplateView } from './settings.schemas';

type SettingRow = typeof settings.$inferSelect;

function presentTemplate(name: string, rows: Map<string, SettingRow>): TemplateView {
  const localeText = (locale: NotificationLocale) => {
    const row = rows.get(templateSettingKey(name, locale));
    const value = row?.value as TemplateOverride | undefined;
    return {
      builtIn: builtInText(name, locale),
      override:
        row && value
          ? { subject: value.subject ?? null, body: value.body, updatedAt: row.updatedAt.toISOString() }
          : null,
    };
  };
  return {
    name,
    placeholders: templatePlaceholders(name),
    requiredPlaceholders: requiredPlaceholders(name),
    locales: { ar: localeText('ar'), en: localeText('en') },
  };
}

async function overrideRows(
  ctx: AppContext,
  organizationId: string,
  keyPattern: string,
): Promise<Map<string, SettingRow>> {
  const rows = await ctx.db
    .select()
    .from(settings)
    .where(and(eq(settings.organizationId, organizationId), like(settings.key, keyPattern)));
  return new Map(rows.map((row) => [row.key, row]));
}

const templatePattern = (name: string) => `${TEMPLATE_SETTING_PREFIX}${name}:%`;

export async function listTemplates(ctx: AppContext, principal: Principal): Promise<TemplateView[]> {
  const rows = await overrideRows(ctx, principal.organizationId, `${TEMPLATE_SETTING_PREFIX}%`);
  return TEMPLATE_NAMES.map((name) => presentTemplate(name, rows));
}

function requireTemplate(name: string): void {
  if (!isTemplateName(name)) {
    throw new AppError('not_found', `There is no notification template "${name}".`, {
      templates: TEMPLATE_NAMES,
    });
  }
}

/** Refuses placeholders the sender does not fill in, a missing code, and stray braces. */
function checkPlaceholders(name: string, input: TemplateInput): void {
  const allowed = templatePlaceholders(name);
  const fields = [
    { field: 'body', text: input.body, required: requiredPlaceholders(name) },
    { field: 'subject', text: input.subject ?? '', required: [] },
  ];
  const issues = fields.flatMap(({ field, text, required }) =>
    placeholderProblems(text, { allowed, required }).map((problem) => ({
      path: `body.${field}`,
      message:
        problem.kind === 'unknown'
          ? `Unknown placeholder {{${problem.name}}}: this message can use ${allowed.map((item) => `{{${item}}}`).join(', ')}.`
          : problem.kind === 'missing'
            ? `The text must contain {{${problem.name}}}: without it the recipient cannot use the message.`
            : `"${problem.fragment}" is not a placeholder: write placeholders as {{name}}.`,
    })),
  );
  // Codes are redacted from a sent message's text, not from its subject, which mail lists show anyway.
  if (placeholdersIn(input.subject ?? '').includes('code')) {
    issues.push({
      path: 'body.subject',
      message: 'Keep the one-time code {{code}} out of the subject; put it in the message text.',
    });
  }
  const first = issues[0];
  if (first) throw new AppError('validation_failed', first.message, { issues });
}

export async function saveTemplate(
  ctx: AppContext,
  opts: {
    principal: Principal;
    name: string;
    locale: NotificationLocale;
    input: TemplateInput;
    meta: RequestMeta;
  },
): Promise<TemplateView> {
  const { principal, name, locale, input } = opts;
  requireTemplate(name);
  checkPlaceholders(name, input);
  const key = templateSettingKey(name, locale);
  const value: TemplateOverride = { subject: input.subject, body: input.body };
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(settings)
      .where(and(eq(settings.organizationId, principal.organizationId), eq(settings.key, key)))
      .for('update');
    const now = ctx.clock.now();
    const [saved] = await tx
      .insert(settings)
      .values({
        organizationId: principal.organizationId,
        key,
        value,
        description: `Notification text ${name} (${locale})`,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: [settings.organizationId, settings.key], set: { value, updatedAt: now } })
      .returning({ id: settings.id });
    if (!saved) throw new AppError('internal', 'The template could not be saved.');
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'notification_template.save',
      entity: 'setting',
      entityId: saved.id,
      oldValue: before ? { key, ...(before.value as object) } : null,
      newValue: { key, ...value },
      actor: auditActor(principal, opts.meta),
    });
  });
  return presentTemplate(name, await overrideRows(ctx, principal.organizationId, templatePattern(name)));
}

/** Drops the organisation's text: the built-in one is sent again. */
export async function resetTemplate(
  ctx: AppContext,
  opts: { principal: Principal; name: string; locale: NotificationLocale; meta: RequestMeta },
): Promise<TemplateView> {
  const { principal, name, locale } = opts;
  requireTemplate(name);
  const key = templateSettingKey(name, locale);
  await ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(settings)
      .where(and(eq(settings.organizationId, principal.organizationId), eq(settings.key, key)))
      .returning();
    if (!removed) return;
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'notification_template.reset',
      entity: 'setting',
      entityId: removed.id,
      oldValue: { key, ...(removed.value as object) },
      actor: auditActor(principal, opts.meta),
    });
  });
  return presentTemplate(name, await overrideRows(ctx, principal.organizationId, templatePattern(name)));
}
