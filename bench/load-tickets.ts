// Loads a large ticket volume with set-based SQL (INSERT … SELECT FROM generate_series): a realistic
// mix of statuses (weighted toward open work), cities, Arabic and Latin names, priorities and
// 90 days of creation times, with a customer row behind every ticket and its history rows.
import pg from 'pg';
import { FAMILY_NAMES, FIRST_NAMES } from '../src/server/db/seed-demo-plan';
import { ticketNumberSql } from '../src/server/modules/tickets/create-ticket.repository';

export interface LoadResult {
  tickets: number;
  customers: number;
  seconds: number;
}

/** Customers get 057xxxxxxx numbers: the demo never uses that prefix, the creation scenario uses 052. */
const CUSTOMER_PHONE_PREFIX = '057';

// Statuses with their share of the load (percent); the cumulative bounds drive a CASE below.
const STATUS_MIX: Array<[string, number]> = [
  ['new', 30],
  ['assigned', 10],
  ['scheduled', 10],
  ['on_route', 3],
  ['arrived', 2],
  ['inspecting', 2],
  ['diagnosed', 3],
  ['repairing', 5],
  ['waiting_parts', 5],
  ['pickup_device', 2],
  ['in_workshop', 3],
  ['ready_delivery', 2],
  ['completed', 15],
  ['not_fixed', 3],
  ['cancelled', 5],
];

/** Only tickets still under way, for the SLA sweep benchmark. */
const OPEN_STATUS_MIX: Array<[string, number]> = [
  ['new', 30],
  ['assigned', 15],
  ['scheduled', 15],
  ['on_route', 5],
  ['arrived', 3],
  ['inspecting', 3],
  ['diagnosed', 5],
  ['repairing', 8],
  ['waiting_parts', 8],
  ['pickup_device', 2],
  ['in_workshop', 4],
  ['ready_delivery', 2],
];

/** The action and previous status of each status's last history row. */
const LAST_STEP: Record<string, [string, string]> = {
  assigned: ['assign', 'new'],
  scheduled: ['schedule', 'assigned'],
  on_route: ['start_trip', 'scheduled'],
  arrived: ['arrive', 'on_route'],
  inspecting: ['start_inspection', 'arrived'],
  diagnosed: ['complete_diagnosis', 'inspecting'],
  repairing: ['start_repair', 'diagnosed'],
  waiting_parts: ['request_parts', 'diagnosed'],
  pickup_device: ['pickup_device', 'diagnosed'],
  in_workshop: ['check_in_workshop', 'pickup_device'],
  ready_delivery: ['repair_complete', 'in_workshop'],
  completed: ['mark_completed', 'repairing'],
  not_fixed: ['mark_not_fixed', 'diagnosed'],
  cancelled: ['cancel', 'new'],
};

/** The demo's Arabic names, so searches behave alike on both data sets. */
const ARABIC_FIRST = FIRST_NAMES;
const ARABIC_LAST = FAMILY_NAMES;
const LATIN_FIRST = [
  'Mohammed',
  'Ahmed',
  'Omar',
  'Ali',
  'Sarah',
  'Fatima',
  'John',
  'Maria',
  'Rajesh',
  'Imran',
  'Noura',
  'Khalid',
];
const LATIN_LAST = ['Al-Otaibi', 'Al-Qahtani', 'Khan', 'Smith', 'Hassan', 'Rahman', 'Fernandes', 'Al-Harbi'];
/** Riyadh and Jeddah carry more of the load, like in the demo. */
const CITY_WEIGHTS = [
  'riyadh',
  'riyadh',
  'riyadh',
  'riyadh',
  'jeddah',
  'jeddah',
  'jeddah',
  'makkah',
  'madinah',
  'dammam',
  'dammam',
  'khobar',
  'dhahran',
  'taif',
  'tabuk',
  'abha',
  'buraidah',
  'hail',
  'jazan',
  'najran',
  'al_ahsa',
  'jubail',
];

const PROBLEMS = [
  'المكيف لا يبرد',
  'الغسالة لا تعصر',
  'الثلاجة لا تبرد بشكل كافٍ',
  'الفرن لا يسخن',
  'غسالة الصحون لا تصرف الماء',
  'Water leaking under the unit',
  'Makes a loud noise when running',
];

const literalArray = (values: string[]) =>
  `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')}]::text[]`;

/** The status for a uniform draw r in [0, 1): a CASE over the cumulative shares. */
function statusCase(column: string, mix: Array<[string, number]>): string {
  let bound = 0;
  const branches = mix.slice(0, -1).map(([status, share]) => {
    bound += share / 100;
    return `WHEN ${column} < ${bound.toFixed(4)} THEN '${status}'`;
  });
  return `CASE ${branches.join(' ')} ELSE '${mix.at(-1)?.[0]}' END`;
}

/** At least `status` along the main visit path (workshop and parts detours count as past diagnosis). */
function reached(status: string): string {
  const order = ['assigned', 'scheduled', 'on_route', 'arrived', 'inspecting', 'diagnosed'];
  const later = [
    'repairing',
    'waiting_parts',
    'pickup_device',
    'in_workshop',
    'ready_delivery',
    'completed',
    'not_fixed',
  ];
  const from = order.indexOf(status);
  const statuses = [...order.slice(from), ...later];
  return `s.status IN (${statuses.map((value) => `'${value}'`).join(',')})`;
}

export async function loadTickets(
  databaseUrl: string,
  opts: {
    count: number;
    customers?: number;
    /** Only open statuses, created uniformly over the last 14 days (about half older than 7 days). */
    openOnly?: boolean;
    log?: (line: string) => void;
  },
): Promise<LoadResult> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const customerCount = opts.customers ?? Math.max(1000, Math.round(opts.count * 0.3));
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'fieldline-bench-load' });
  await client.connect();
  try {
    const organization = await client.query<{ id: string }>(
      'SELECT id FROM organizations ORDER BY created_at LIMIT 1',
    );
    const organizationId = organization.rows[0]?.id;
    if (!organizationId) throw new Error('No organisation to load tickets into: seed the demo first.');

    await client.query('BEGIN');
    await client.query('SELECT setseed(0.42)');
    await client.query(
      `INSERT INTO customers (organization_id, name, phone, city, address, latitude, longitude, created_at, updated_at)
       SELECT $1, x.name, $2::text || lpad(x.i::text, 7, '0'), c.code,
              'حي ' || (1 + x.i % 40)::text || '، شارع ' || (1 + x.i % 90)::text || '، مبنى ' || (1 + x.i % 60)::text,
              c.latitude + (x.r1 - 0.5) * 0.12, c.longitude + (x.r2 - 0.5) * 0.12,
              now() - interval '120 days' * x.r3, now() - interval '120 days' * x.r3
       FROM (
         SELECT i, random() AS r1, random() AS r2, random() AS r3,
                CASE WHEN i % 10 < 7
                  THEN (${literalArray(ARABIC_FIRST)})[1 + (i * 7) % ${ARABIC_FIRST.length}] || ' ' ||
                       (${literalArray(ARABIC_LAST)})[1 + (i / ${ARABIC_FIRST.length}) % ${ARABIC_LAST.length}]
                  ELSE (${literalArray(LATIN_FIRST)})[1 + (i * 5) % ${LATIN_FIRST.length}] || ' ' ||
                       (${literalArray(LATIN_LAST)})[1 + (i / ${LATIN_FIRST.length}) % ${LATIN_LAST.length}]
                END AS name,
                (${literalArray(CITY_WEIGHTS)})[1 + (i * 13) % ${CITY_WEIGHTS.length}] AS city
         FROM generate_series(1, $3::int) AS i
       ) AS x
       JOIN cities AS c ON c.organization_id = $1 AND c.code = x.city`,
      [organizationId, CUSTOMER_PHONE_PREFIX, customerCount],
    );
    log(`  customers: ${customerCount} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const people = await client.query<{ technicians: string[]; admin: string }>(
      `SELECT (SELECT array_agg(id ORDER BY employee_id) FROM technicians WHERE organization_id = $1) AS technicians,
              (SELECT id FROM users WHERE organization_id = $1 AND role = 'admin' ORDER BY created_at LIMIT 1) AS admin`,
      [organizationId],
    );
    const technicians = people.rows[0]?.technicians ?? [];
    const adminId = people.rows[0]?.admin ?? null;
    if (technicians.length === 0) throw new Error('The organisation has no technicians.');

    // One draw per column group; the subquery keeps random() per row (volatile, never flattened).
    await client.query(
      `CREATE TEMP TABLE bench_load ON COMMIT DROP AS
       SELECT s.*,
              s.created_at + interval '1 minute' * (10 + s.r_step * 120) AS assigned_at,
              s.created_at + interval '1 minute' * (30 + s.r_step * 240) AS scheduled_at,
              (date_trunc('day', s.created_at) + interval '1 day' + interval '1 hour' * (5 + (s.slot_n * 4)))::timestamptz AS slot_start
       FROM (
         SELECT g.i, c.id AS customer_id, c.name, c.phone, c.city, c.address, c.latitude, c.longitude,
                ${statusCase('g.r_status', opts.openOnly ? OPEN_STATUS_MIX : STATUS_MIX)} AS status,
                (ARRAY['low','normal','normal','normal','normal','high','high','urgent'])[1 + floor(g.r_priority * 8)::int] AS priority,
                -- New tickets lean recent; the others are old enough for their whole visit to be over.
                CASE WHEN ${opts.openOnly ? 'true' : 'false'} THEN now() - interval '10 minutes' - interval '14 days' * g.r_age
                  WHEN g.r_status < 0.30
                  THEN now() - interval '10 minutes' - interval '90 days' * g.r_age * g.r_age
                  ELSE now() - interval '4 days' - interval '86 days' * g.r_age
                END AS created_at,
                (ARRAY['ac','ac','ac','washer','fridge','fridge','oven','dishwasher'])[1 + floor(g.r_device * 8)::int] AS device_type,
                (ARRAY['LG','Samsung','Gree','Carrier','Bosch','Whirlpool','Haier','Midea'])[1 + floor(g.r_brand * 8)::int] AS brand,
                (${literalArray(PROBLEMS)})[1 + floor(g.r_problem * ${PROBLEMS.length})::int] AS problem,
                (ARRAY['morning','noon','evening'])[1 + floor(g.r_slot * 3)::int] AS slot,
                floor(g.r_slot * 3)::int AS slot_n,
                (ARRAY['no','no','yes','unknown'])[1 + floor(g.r_warranty * 4)::int] AS warranty,
                ($2::uuid[])[1 + (g.i % ${technicians.length})] AS technician_id,
                g.r_step,
                substr(translate(encode(sha256((g.i::text || ':' || g.r_token::text || ':' || clock_timestamp()::text)::bytea), 'base64'), '+/', '-_'), 1, 24) AS tracking_token
         FROM (
           SELECT i, random() AS r_status, random() AS r_priority, random() AS r_age, random() AS r_device,
                  random() AS r_brand, random() AS r_problem, random() AS r_slot, random() AS r_warranty,
                  random() AS r_step, random() AS r_token, random() AS r_customer
           FROM generate_series(1, $3::int) AS i
         ) AS g
         JOIN (
           SELECT id, name, phone, city, address, latitude, longitude,
                  row_number() OVER (ORDER BY phone) AS n
           FROM customers WHERE organization_id = $1 AND phone LIKE $4
         ) AS c ON c.n = 1 + floor(g.r_customer * $5)::int
       ) AS s`,
      [organizationId, technicians, opts.count, `${CUSTOMER_PHONE_PREFIX}%`, customerCount],
    );

    const lifecycle = {
      assigned_at: `CASE WHEN ${reached('assigned')} THEN s.assigned_at END`,
      scheduled_at: `CASE WHEN ${reached('scheduled')} THEN s.scheduled_at END`,
      started_trip_at: `CASE WHEN ${reached('on_route')} THEN s.slot_start END`,
      arrived_at: `CASE WHEN ${reached('arrived')} THEN s.slot_start + interval '40 minutes' END`,
      inspection_started_at: `CASE WHEN ${reached('inspecting')} THEN s.slot_start + interval '50 minutes' END`,
      diagnosed_at: `CASE WHEN ${reached('diagnosed')} THEN s.slot_start + interval '80 minutes' END`,
      repair_started_at: `CASE WHEN s.status IN ('repairing','completed') THEN s.slot_start + interval '90 minutes' END`,
      parts_requested_at: `CASE WHEN s.status = 'waiting_parts' THEN s.slot_start + interval '95 minutes' END`,
      picked_up_at: `CASE WHEN s.status IN ('pickup_device','in_workshop','ready_delivery') THEN s.slot_start + interval '100 minutes' END`,
      workshop_checked_in_at: `CASE WHEN s.status IN ('in_workshop','ready_delivery') THEN s.slot_start + interval '6 hours' END`,
      ready_for_delivery_at: `CASE WHEN s.status = 'ready_delivery' THEN s.slot_start + interval '2 days' END`,
      completed_at: `CASE WHEN s.status = 'completed' THEN s.slot_start + interval '3 hours' END`,
      not_fixed_at: `CASE WHEN s.status = 'not_fixed' THEN s.slot_start + interval '2 hours' END`,
      cancelled_at: `CASE WHEN s.status = 'cancelled' THEN s.created_at + interval '2 hours' END`,
    };
    const lastChange = `greatest(s.created_at, ${Object.values(lifecycle)
      .map((expression) => `coalesce(${expression}, s.created_at)`)
      .join(', ')})`;

    await client.query(
      `INSERT INTO tickets (
         organization_id, ticket_number, tracking_token, customer_id, customer_name, customer_phone,
         customer_city, customer_address, latitude, longitude, device_type, brand, model, problem_description,
         warranty_status, preferred_time_slot, scheduled_date, scheduled_time_slot, scheduled_start_at,
         technician_id, assigned_by_id, status, priority, created_at, updated_at,
         ${Object.keys(lifecycle).join(', ')},
         completion_type, cancellation_reason, not_fixed_reasons, diagnosis_notes, customer_rating
       )
       SELECT $1, ${ticketNumberSql('s.n')}, s.tracking_token, s.customer_id,
              s.name, s.phone, s.city, s.address, s.latitude + 0.0005, s.longitude - 0.0005, s.device_type,
              s.brand, 'Model ' || (1 + s.i % 40)::text, s.problem, s.warranty, s.slot,
              CASE WHEN ${reached('scheduled')} THEN (s.slot_start AT TIME ZONE 'Asia/Riyadh')::date END,
              CASE WHEN ${reached('scheduled')} THEN s.slot END,
              CASE WHEN ${reached('scheduled')} THEN s.slot_start END,
              CASE WHEN ${reached('assigned')} THEN s.technician_id END,
              CASE WHEN ${reached('assigned')} THEN $2::uuid END,
              s.status, s.priority, s.created_at, least(now(), ${lastChange}),
              ${Object.values(lifecycle).join(', ')},
              CASE s.status WHEN 'completed' THEN 'fixed' WHEN 'not_fixed' THEN 'not_fixed' WHEN 'cancelled' THEN 'cancelled' END,
              CASE WHEN s.status = 'cancelled' THEN 'Customer asked to cancel' END,
              CASE WHEN s.status = 'not_fixed' THEN ARRAY['beyond_repair'] ELSE '{}'::text[] END,
              CASE WHEN ${reached('diagnosed')} THEN 'Diagnosed on site' END,
              CASE WHEN s.status = 'completed' AND s.r_step < 0.7 THEN 3 + floor(s.r_step * 3)::int END
       FROM (SELECT b.*, nextval('ticket_number_seq') AS n FROM (SELECT * FROM bench_load ORDER BY created_at) AS b) AS s
       ORDER BY s.created_at`,
      [organizationId, adminId],
    );
    log(`  tickets: ${opts.count} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // History: the creation row, and the row of the last status change.
    const steps = Object.entries(LAST_STEP)
      .map(([status, [action, from]]) => `('${status}', '${action}', '${from}')`)
      .join(', ');
    await client.query(
      `INSERT INTO ticket_status_history (organization_id, ticket_id, action, from_status, to_status, actor_id,
                                          actor_name, actor_role, created_at)
       SELECT t.organization_id, t.id, 'create', NULL, 'new', NULL::uuid, t.customer_name, 'customer', t.created_at
       FROM tickets AS t WHERE t.organization_id = $1 AND t.customer_phone LIKE $2
       UNION ALL
       SELECT t.organization_id, t.id, step.action, step.from_status, t.status, NULL, 'Bench loader',
              CASE WHEN step.action IN ('assign', 'schedule', 'cancel') THEN 'admin' ELSE 'technician' END,
              t.updated_at
       FROM tickets AS t
       JOIN (VALUES ${steps}) AS step(status, action, from_status) ON step.status = t.status
       WHERE t.organization_id = $1 AND t.customer_phone LIKE $2`,
      [organizationId, `${CUSTOMER_PHONE_PREFIX}%`],
    );
    // The open stage of every ticket still under way.
    await client.query(
      `INSERT INTO time_logs (organization_id, ticket_id, technician_id, stage, started_at)
       SELECT t.organization_id, t.id, t.technician_id, t.status, t.updated_at
       FROM tickets AS t
       WHERE t.organization_id = $1 AND t.customer_phone LIKE $2
         AND t.status NOT IN ('completed', 'not_fixed', 'cancelled')`,
      [organizationId, `${CUSTOMER_PHONE_PREFIX}%`],
    );
    await client.query('COMMIT');
    log(`  history and time logs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await client.query('ANALYZE');
    return { tickets: opts.count, customers: customerCount, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
