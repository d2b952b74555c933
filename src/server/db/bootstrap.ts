// The rows every organisation starts with: SLA rules of seed 000 §7.1 and the Saudi service cities.
import { eq } from 'drizzle-orm';
import type { Executor } from './connection';
import { cities, organizations, settings, slaConfigs } from './schema';
import type { EscalationLevel, EscalationType } from './schema/escalations';

export const DEFAULT_SLA_RULES: Array<{
  ruleId: string;
  name: string;
  type: EscalationType;
  thresholdMinutes: number;
  escalationLevel: EscalationLevel;
  ownerRole: string;
}> = [
  {
    ruleId: 'SLA-001',
    name: 'New ticket not assigned',
    type: 'assignment_delay',
    thresholdMinutes: 120,
    escalationLevel: 'L1',
    ownerRole: 'supervisor',
  },
  {
    ruleId: 'SLA-002',
    name: 'Assigned but not scheduled',
    type: 'schedule_delay',
    thresholdMinutes: 240,
    escalationLevel: 'L1',
    ownerRole: 'supervisor',
  },
  {
    ruleId: 'SLA-003',
    name: 'Trip not started after slot start',
    type: 'trip_delay',
    thresholdMinutes: 30,
    escalationLevel: 'L2',
    ownerRole: 'admin',
  },
  {
    ruleId: 'SLA-004',
    name: 'On route without arrival',
    type: 'arrival_delay',
    thresholdMinutes: 90,
    escalationLevel: 'L2',
    ownerRole: 'admin',
  },
  {
    ruleId: 'SLA-005',
    name: 'Waiting for parts',
    type: 'parts_delay',
    thresholdMinutes: 3 * 24 * 60,
    escalationLevel: 'L3',
    ownerRole: 'admin',
  },
  {
    ruleId: 'SLA-006',
    name: 'Open without completion',
    type: 'completion_delay',
    thresholdMinutes: 7 * 24 * 60,
    escalationLevel: 'L3',
    ownerRole: 'admin',
  },
  {
    ruleId: 'SLA-007',
    name: 'Customer complaint',
    type: 'customer_complaint',
    thresholdMinutes: 0,
    escalationLevel: 'L2',
    ownerRole: 'supervisor',
  },
  {
    ruleId: 'SLA-008',
    name: 'In workshop too long',
    type: 'sla_breach',
    thresholdMinutes: 5 * 24 * 60,
    escalationLevel: 'L3',
    ownerRole: 'admin',
  },
];

export const SAUDI_CITIES = [
  { code: 'riyadh', nameAr: 'الرياض', nameEn: 'Riyadh', latitude: 24.7136, longitude: 46.6753 },
  { code: 'jeddah', nameAr: 'جدة', nameEn: 'Jeddah', latitude: 21.4858, longitude: 39.1925 },
  { code: 'makkah', nameAr: 'مكة المكرمة', nameEn: 'Makkah', latitude: 21.3891, longitude: 39.8579 },
  { code: 'madinah', nameAr: 'المدينة المنورة', nameEn: 'Madinah', latitude: 24.5247, longitude: 39.5692 },
  { code: 'dammam', nameAr: 'الدمام', nameEn: 'Dammam', latitude: 26.4207, longitude: 50.0888 },
  { code: 'khobar', nameAr: 'الخبر', nameEn: 'Al Khobar', latitude: 26.2172, longitude: 50.1971 },
  { code: 'dhahran', nameAr: 'الظهران', nameEn: 'Dhahran', latitude: 26.2361, longitude: 50.0393 },
  { code: 'taif', nameAr: 'الطائف', nameEn: 'Taif', latitude: 21.2703, longitude: 40.4158 },
  { code: 'tabuk', nameAr: 'تبوك', nameEn: 'Tabuk', latitude: 28.3835, longitude: 36.5662 },
  { code: 'abha', nameAr: 'أبها', nameEn: 'Abha', latitude: 18.2164, longitude: 42.5053 },
  { code: 'buraidah', nameAr: 'بريدة', nameEn: 'Buraidah', latitude: 26.326, longitude: 43.975 },
  { code: 'hail', nameAr: 'حائل', nameEn: 'Hail', latitude: 27.5114, longitude: 41.7208 },
  { code: 'jazan', nameAr: 'جازان', nameEn: 'Jazan', latitude: 16.8892, longitude: 42.5511 },
  { code: 'najran', nameAr: 'نجران', nameEn: 'Najran', latitude: 17.5656, longitude: 44.2289 },
  { code: 'al_ahsa', nameAr: 'الأحساء', nameEn: 'Al Ahsa', latitude: 25.3839, longitude: 49.5866 },
  { code: 'jubail', nameAr: 'الجبيل', nameEn: 'Jubail', latitude: 27.0046, longitude: 49.646 },
];

/** Creates an organisation with its default rules and cities; returns its id. */
export async function createOrganization(
  db: Executor,
  opts: { name: string; slug: string; timeZone?: string; defaultLocale?: 'ar' | 'en' },
): Promise<string> {
  const [organization] = await db
    .insert(organizations)
    .values({
      name: opts.name,
      slug: opts.slug,
      timeZone: opts.timeZone ?? 'Asia/Riyadh',
      defaultLocale: opts.defaultLocale ?? 'ar',
    })
    .returning({ id: organizations.id });
  if (!organization) throw new Error('Could not create the organisation');
  await db
    .insert(slaConfigs)
    .values(DEFAULT_SLA_RULES.map((rule) => ({ ...rule, organizationId: organization.id })));
  await db.insert(cities).values(SAUDI_CITIES.map((city) => ({ ...city, organizationId: organization.id })));
  await db.insert(settings).values([
    {
      organizationId: organization.id,
      key: 'geofence.radiusMeters',
      value: 150,
      description: 'Arrival radius',
    },
    {
      organizationId: organization.id,
      key: 'customer.cancelNoticeHours',
      value: 24,
      description: 'Notice for customer cancellations',
    },
  ]);
  return organization.id;
}

export async function organizationCount(db: Executor): Promise<number> {
  const rows = await db.select({ id: organizations.id }).from(organizations).limit(1);
  return rows.length;
}

export async function findOrganizationBySlug(db: Executor, slug: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  return row?.id;
}
