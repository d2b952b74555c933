// Every environment variable Fieldline reads, parsed and typed once.
import { z } from 'zod';
import { isValidCron } from './jobs/cron';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** An unset or empty variable is "not configured". */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));
const optionalUrl = optionalText.pipe(z.string().url().optional());

/** A five-field cron expression (minute hour day month weekday); unset or empty means the default. */
const cron = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : fallback))
    .refine(isValidCron, { message: 'expected a five-field cron expression such as "*/15 * * * *"' });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: positiveInt(20),
  FIELDLINE_DATA_DIR: z.string().default('./data'),
  FIELDLINE_EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  FIELDLINE_JWT_SECRET: z.string().min(32).optional(),
  FIELDLINE_ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  FIELDLINE_REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
  FIELDLINE_OTP_TTL_SECONDS: positiveInt(300),
  FIELDLINE_OTP_MAX_ATTEMPTS: positiveInt(5),
  FIELDLINE_OUTBOX_FILE: z.string().optional(),
  FIELDLINE_OUTBOX_MAX_ATTEMPTS: positiveInt(8),
  FIELDLINE_OUTBOX_TIMEOUT_MS: positiveInt(10_000),
  FIELDLINE_OUTBOX_BACKOFF_BASE_MS: positiveInt(30_000),
  FIELDLINE_OUTBOX_BACKOFF_MAX_MS: positiveInt(3_600_000),
  FIELDLINE_SMTP_URL: optionalUrl,
  FIELDLINE_SMTP_FROM: optionalText,
  FIELDLINE_SMS_URL: optionalUrl,
  FIELDLINE_SMS_AUTH_HEADER: optionalText,
  FIELDLINE_SMS_FROM: optionalText,
  FIELDLINE_WAHA_URL: optionalUrl,
  FIELDLINE_WAHA_API_KEY: optionalText,
  FIELDLINE_WAHA_SESSION: z.string().min(1).default('default'),
  FIELDLINE_TELEGRAM_BOT_TOKEN: optionalText,
  FIELDLINE_TELEGRAM_API_URL: z.string().url().default('https://api.telegram.org'),
  FIELDLINE_SLA_SCHEDULER: z.enum(['on', 'off', '']).optional(),
  FIELDLINE_SLA_CRON_ASSIGNMENT: cron('*/15 * * * *'),
  FIELDLINE_SLA_CRON_SCHEDULE: cron('*/30 * * * *'),
  FIELDLINE_SLA_CRON_TRIP: cron('*/10 * * * *'),
  FIELDLINE_SLA_CRON_PARTS: cron('0 9 * * *'),
  FIELDLINE_SLA_CRON_TICKET_AGE: cron('0 10 * * *'),
  FIELDLINE_REMINDER_CRON_VISIT_24H: cron('*/15 * * * *'),
  FIELDLINE_REMINDER_CRON_VISIT_2H: cron('*/15 * * * *'),
  FIELDLINE_REMINDER_CRON_TECHNICIAN_DAY: cron('0 7 * * *'),
  FIELDLINE_REMINDER_CRON_MISSING_PHOTOS: cron('0 * * * *'),
  FIELDLINE_REMINDER_CRON_OVERDUE: cron('0 * * * *'),
  FIELDLINE_REMINDER_CRON_FEEDBACK: cron('0 * * * *'),
  FIELDLINE_UPLOAD_DIR: z.string().optional(),
  FIELDLINE_WEB_DIR: z.string().default('dist/web'),
  FIELDLINE_MAP_TILE_URL: z
    .string()
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png')
    .refine((value) => /^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/.test(value), {
      message: 'expected an http(s) URL template with {z}, {x} and {y}',
    }),
  FIELDLINE_MAP_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  FIELDLINE_TRUST_PROXY: z.string().default(''),
  FIELDLINE_CORS_ORIGINS: z.string().default(''),
  FIELDLINE_DEMO: flag,
  FIELDLINE_ADMIN_EMAIL: z.string().email().optional(),
  FIELDLINE_ADMIN_PASSWORD: z.string().min(8).optional(),
  FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN: positiveInt(10),
  FIELDLINE_RATE_LIMIT_OTP_PER_HOUR: positiveInt(5),
  FIELDLINE_RATE_LIMIT_OTP_IP_PER_HOUR: positiveInt(30),
  FIELDLINE_RATE_LIMIT_CREATE_PER_HOUR: positiveInt(30),
  FIELDLINE_RATE_LIMIT_TRACK_PER_MINUTE: positiveInt(120),
  REDIS_URL: optionalUrl,
  FIELDLINE_ROUTING_URL: optionalUrl,
  FIELDLINE_LOCATION_PINGS_PER_MINUTE: positiveInt(120),
  FIELDLINE_LOCATION_RETENTION_DAYS: positiveInt(30),
  FIELDLINE_GEOFENCE_RADIUS_METERS: positiveInt(150),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  embeddedPgPort: number;
  jwtSecret: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  otpTtlSeconds: number;
  otpMaxAttempts: number;
  outboxFile: string;
  /** Delivery of notification_outbox rows: retries, timeouts and the providers that are configured. */
  outbox: OutboxConfig;
  /** SLA checks of seed 000 §7.3 run by the server process, in each organisation's time zone. */
  slaScheduler: {
    enabled: boolean;
    crons: { assignment: string; schedule: string; trip: string; parts: string; ticket_age: string };
  };
  /** Reminders of seed 000 §7.4, run with the SLA scheduler (FIELDLINE_SLA_SCHEDULER) in each org's zone. */
  reminderCrons: {
    visit_24h: string;
    visit_2h: string;
    technician_day: string;
    missing_photos: string;
    overdue: string;
    feedback: string;
  };
  uploadDir: string;
  /** The built web app (vite build) served at /; nothing is served when it has no index.html. */
  webDir: string;
  /** Map tiles for the web app's maps (Leaflet URL template); the maps still work when tiles fail. */
  map: { tileUrl: string; attribution: string };
  /** false, a number of proxy hops, or a list of trusted proxy addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  corsOrigins: string[];
  demo: boolean;
  /** First admin created on an empty database (without demo data). */
  initialAdmin: { email: string; password: string } | null;
  rateLimits: {
    loginPer15Min: number;
    otpPerPhonePerHour: number;
    otpPerIpPerHour: number;
    createPerHour: number;
    trackPerMinute: number;
  };
  /** Socket.IO (seed 000 §6.5) and live technician positions; see src/server/realtime. */
  realtime: {
    /** Redis adapter between server processes when set; otherwise the PostgreSQL adapter. */
    redisUrl: string | undefined;
    /** An OSRM-compatible routing server for ETAs; without it, distance and recent speed. */
    routingUrl: string | undefined;
    locationPingsPerMinute: number;
    locationRetentionDays: number;
    geofenceRadiusMeters: number;
  };
}

export interface OutboxConfig {
  maxAttempts: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  smtp: { url: string; from: string } | null;
  sms: { url: string; authHeader: string | null; from: string } | null;
  waha: { url: string; apiKey: string | null; session: string } | null;
  telegram: { token: string; apiUrl: string } | null;
}

/** A provider is configured by its URL (or token); the variables it cannot work without are then required. */
function outboxConfig(env: Env): OutboxConfig {
  const missing = (name: string, needed: string) => {
    throw new Error(`Invalid configuration:\n  ${name} is required when ${needed} is set`);
  };
  if (env.FIELDLINE_SMTP_URL && !env.FIELDLINE_SMTP_FROM)
    missing('FIELDLINE_SMTP_FROM', 'FIELDLINE_SMTP_URL');
  if (env.FIELDLINE_SMS_URL && !env.FIELDLINE_SMS_FROM) missing('FIELDLINE_SMS_FROM', 'FIELDLINE_SMS_URL');
  return {
    maxAttempts: env.FIELDLINE_OUTBOX_MAX_ATTEMPTS,
    timeoutMs: env.FIELDLINE_OUTBOX_TIMEOUT_MS,
    backoffBaseMs: env.FIELDLINE_OUTBOX_BACKOFF_BASE_MS,
    backoffMaxMs: env.FIELDLINE_OUTBOX_BACKOFF_MAX_MS,
    smtp:
      env.FIELDLINE_SMTP_URL && env.FIELDLINE_SMTP_FROM
        ? { url: env.FIELDLINE_SMTP_URL, from: env.FIELDLINE_SMTP_FROM }
        : null,
    sms:
      env.FIELDLINE_SMS_URL && env.FIELDLINE_SMS_FROM
        ? {
            url: env.FIELDLINE_SMS_URL,
            authHeader: env.FIELDLINE_SMS_AUTH_HEADER ?? null,
            from: env.FIELDLINE_SMS_FROM,
          }
        : null,
    waha: env.FIELDLINE_WAHA_URL
      ? {
          url: env.FIELDLINE_WAHA_URL,
          apiKey: env.FIELDLINE_WAHA_API_KEY ?? null,
          session: env.FIELDLINE_WAHA_SESSION,
        }
      : null,
    telegram: env.FIELDLINE_TELEGRAM_BOT_TOKEN
      ? { token: env.FIELDLINE_TELEGRAM_BOT_TOKEN, apiUrl: env.FIELDLINE_TELEGRAM_API_URL }
      : null,
  };
}

/** false; a number of proxy hops; or a list of trusted proxy addresses/CIDRs. */
function parseTrustProxy(value: string): boolean | number | string[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false' || trimmed === '0') return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed.split(',').map((part) => part.trim());
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production' && !env.FIELDLINE_JWT_SECRET) {
    throw new Error('FIELDLINE_JWT_SECRET (at least 32 characters) is required when NODE_ENV=production');
  }
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir: env.FIELDLINE_DATA_DIR,
    embeddedPgPort: env.FIELDLINE_EMBEDDED_PG_PORT,
    jwtSecret: env.FIELDLINE_JWT_SECRET,
    accessTokenTtlSeconds: env.FIELDLINE_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.FIELDLINE_REFRESH_TOKEN_TTL_DAYS,
    otpTtlSeconds: env.FIELDLINE_OTP_TTL_SECONDS,
    otpMaxAttempts: env.FIELDLINE_OTP_MAX_ATTEMPTS,
    outboxFile: env.FIELDLINE_OUTBOX_FILE ?? `${env.FIELDLINE_DATA_DIR}/outbox.jsonl`,
    outbox: outboxConfig(env),
    slaScheduler: {
      enabled: env.FIELDLINE_SLA_SCHEDULER !== 'off',
      crons: {
        assignment: env.FIELDLINE_SLA_CRON_ASSIGNMENT,
        schedule: env.FIELDLINE_SLA_CRON_SCHEDULE,
        trip: env.FIELDLINE_SLA_CRON_TRIP,
        parts: env.FIELDLINE_SLA_CRON_PARTS,
        ticket_age: env.FIELDLINE_SLA_CRON_TICKET_AGE,
      },
    },
    reminderCrons: {
      visit_24h: env.FIELDLINE_REMINDER_CRON_VISIT_24H,
      visit_2h: env.FIELDLINE_REMINDER_CRON_VISIT_2H,
      technician_day: env.FIELDLINE_REMINDER_CRON_TECHNICIAN_DAY,
      missing_photos: env.FIELDLINE_REMINDER_CRON_MISSING_PHOTOS,
      overdue: env.FIELDLINE_REMINDER_CRON_OVERDUE,
      feedback: env.FIELDLINE_REMINDER_CRON_FEEDBACK,
    },
    uploadDir: env.FIELDLINE_UPLOAD_DIR ?? `${env.FIELDLINE_DATA_DIR}/uploads`,
    webDir: env.FIELDLINE_WEB_DIR,
    map: { tileUrl: env.FIELDLINE_MAP_TILE_URL, attribution: env.FIELDLINE_MAP_ATTRIBUTION },
    trustProxy: parseTrustProxy(env.FIELDLINE_TRUST_PROXY),
    corsOrigins: env.FIELDLINE_CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    demo: env.FIELDLINE_DEMO,
    initialAdmin:
      env.FIELDLINE_ADMIN_EMAIL && env.FIELDLINE_ADMIN_PASSWORD
        ? { email: env.FIELDLINE_ADMIN_EMAIL, password: env.FIELDLINE_ADMIN_PASSWORD }
        : null,
    rateLimits: {
      loginPer15Min: env.FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN,
      otpPerPhonePerHour: env.FIELDLINE_RATE_LIMIT_OTP_PER_HOUR,
      otpPerIpPerHour: env.FIELDLINE_RATE_LIMIT_OTP_IP_PER_HOUR,
      createPerHour: env.FIELDLINE_RATE_LIMIT_CREATE_PER_HOUR,
      trackPerMinute: env.FIELDLINE_RATE_LIMIT_TRACK_PER_MINUTE,
    },
    realtime: {
      redisUrl: env.REDIS_URL,
      routingUrl: env.FIELDLINE_ROUTING_URL,
      locationPingsPerMinute: env.FIELDLINE_LOCATION_PINGS_PER_MINUTE,
      locationRetentionDays: env.FIELDLINE_LOCATION_RETENTION_DAYS,
      geofenceRadiusMeters: env.FIELDLINE_GEOFENCE_RADIUS_METERS,
    },
  };
}
