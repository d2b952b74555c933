// Where an organisation's own notification texts are kept: one settings row per template and language.
import { and, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection';
import { settings } from '../../db/schema';
import type { NotificationLocale, TemplateOverride } from './templates';

export const TEMPLATE_SETTING_PREFIX = 'notification_template:';

export const templateSettingKey = (template: string, locale: NotificationLocale): string =>
  `${TEMPLATE_SETTING_PREFIX}${template}:${locale}`;

/** The overrides for these (organisation, template, language) triples, in one query, by org + key. */
export async function loadTemplateOverrides(
  db: Executor,
  wanted: Array<{ organizationId: string; template: string; locale: NotificationLocale }>,
): Promise<Map<string, TemplateOverride>> {
  const found = new Map<string, TemplateOverride>();
  if (wanted.length === 0) return found;
  const organizationIds = [...new Set(wanted.map((item) => item.organizationId))];
  const keys = [...new Set(wanted.map((item) => templateSettingKey(item.template, item.locale)))];
  const rows = await db
    .select({ organizationId: settings.organizationId, key: settings.key, value: settings.value })
    .from(settings)
    .where(and(inArray(settings.organizationId, organizationIds), inArray(settings.key, keys)));
  for (const row of rows) found.set(`${row.organizationId}/${row.key}`, row.value as TemplateOverride);
  return found;
}

export const overrideFor = (
  overrides: Map<string, TemplateOverride>,
  item: { organizationId: string; template: string; locale: NotificationLocale },
): TemplateOverride | null =>
  overrides.get(`${item.organizationId}/${templateSettingKey(item.template, item.locale)}`) ?? null;

/** SQL reading one override field (body or subject) of the statement's organisation, for single-statement writes. */
export const overrideFieldSql = (
  organizationId: string,
  template: string,
  locale: NotificationLocale,
  field: 'body' | 'subject',
) => sql`(SELECT ${settings.value} ->> ${field} FROM ${settings}
          WHERE ${settings.organizationId} = ${organizationId}
            AND ${settings.key} = ${templateSettingKey(template, locale)})`;
