// The demo's people and the life of each demo ticket, planned without I/O: which actions in which
// order, at which times (all before `now`), and which SLA rules those times would have broken.
import { findTransition } from '../../domain/lifecycle/engine';
import type { TicketStatus, VisitAction } from '../../domain/lifecycle/types';
import { visitWorkflow } from '../../domain/lifecycle/visit-workflow';
import { slotStartsAt, type TimeSlot } from '../../domain/schedule/time-slots';
import type { DeviceType, Priority, WarrantyStatus } from '../../domain/tickets';
import type { EscalationLevel, EscalationType } from './schema/escalations';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ------------------------------------------------------------------------------------------ randomness

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  between(min: number, max: number): number;
}

/** A seeded generator (mulberry32): the same demo on every run. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    chance: (probability) => next() < probability,
    between: (min, max) => min + next() * (max - min),
  };
}

// ------------------------------------------------------------------------------------------ people

export const DEMO_PASSWORD = 'Demo@12345';
export const DEMO_ORGANIZATION = { name: 'Fieldline Demo', slug: 'demo', timeZone: 'Asia/Riyadh' };

export interface DemoStaff {
  email: string;
  role: 'admin' | 'supervisor' | 'workshop' | 'technician';
  name: string;
  phone: string;
}

export interface DemoTechnician extends DemoStaff {
  role: 'technician';
  employeeId: string;
  specialties: DeviceType[];
  serviceAreas: string[];
  /** Where the technician was last seen, when the app has reported a position. */
  position: { latitude: number; longitude: number } | null;
}

export const DEMO_STAFF: DemoStaff[] = [
  { email: 'admin@demo.test', role: 'admin', name: 'عبدالله المدير', phone: '0500000001' },
  { email: 'supervisor@demo.test', role: 'supervisor', name: 'سارة القحطاني', phone: '0500000002' },
  { email: 'workshop@demo.test', role: 'workshop', name: 'خالد الدوسري', phone: '0500000003' },
  { email: 'supervisor2@demo.test', role: 'supervisor', name: 'منصور العنزي', phone: '0500000004' },
];

/** Teams of the supervisor portal: a supervisor sees the tickets assigned to their team's technicians. */
export const DEMO_TEAMS = [
  {
    nameAr: 'فريق الوسط',
    nameEn: 'Central team',
    supervisorEmail: 'supervisor@demo.test',
    technicianEmails: ['tech1@demo.test', 'tech2@demo.test'],
  },
  {
    nameAr: 'فريق الغربية',
    nameEn: 'Western team',
    supervisorEmail: 'supervisor2@demo.test',
    technicianEmails: ['tech3@demo.test', 'tech5@demo.test'],
  },
];

export const DEMO_TECHNICIANS: DemoTechnician[] = [
  {
    email: 'tech1@demo.test',
    role: 'technician',
    name: 'أحمد الغامدي',
    phone: '0551000001',
    employeeId: 'T-001',
    specialties: ['ac', 'fridge'],
    serviceAreas: ['riyadh'],
    position: { latitude: 24.7411, longitude: 46.6602 },
  },
  {
    email: 'tech2@demo.test',
    role: 'technician',
    name: 'فيصل العتيبي',
    phone: '0551000002',
    employeeId: 'T-002',
    specialties: ['washer', 'dishwasher', 'oven'],
    serviceAreas: ['riyadh', 'buraidah'],
    position: { latitude: 24.6877, longitude: 46.7219 },
  },
  {
    email: 'tech3@demo.test',
    role: 'technician',
    name: 'ماجد الزهراني',
    phone: '0551000003',
    employeeId: 'T-003',
    specialties: ['ac', 'washer', 'fridge'],
    serviceAreas: ['jeddah', 'makkah', 'taif'],
    position: { latitude: 21.5433, longitude: 39.1728 },
  },
  {
    email: 'tech4@demo.test',
    role: 'technician',
    name: 'تركي الشمري',
    phone: '0551000004',
    employeeId: 'T-004',
    specialties: ['ac', 'oven', 'dishwasher'],
    serviceAreas: ['dammam', 'khobar', 'dhahran', 'jubail', 'al_ahsa'],
    position: { latitude: 26.3927, longitude: 50.1121 },
  },
  {
    email: 'tech5@demo.test',
    role: 'technician',
    name: 'نايف الحربي',
    phone: '0551000005',
    employeeId: 'T-005',
    specialties: ['fridge', 'washer', 'ac'],
    serviceAreas: ['madinah', 'jeddah', 'tabuk'],
    position: null,
  },
];

export const FIRST_NAMES = [
  'محمد',
  'عبدالله',
  'فهد',
  'سلطان',
  'نورة',
  'سارة',
  'عبدالرحمن',
  'ريم',
  'ناصر',
  'هند',
  'خالد',
  'منيرة',
  'تركي',
  'فاطمة',
  'سعود',
  'لطيفة',
  'بندر',
  'العنود',
  'يوسف',
  'أمل',
];
export const FAMILY_NAMES = [
  'العتيبي',
  'القحطاني',
  'الشهري',
  'الزهراني',
  'الدوسري',
  'الحربي',
  'المطيري',
  'السبيعي',
  'العنزي',
  'البقمي',
  'المالكي',
  'الجهني',
  'السهلي',
  'الرشيدي',
];

/** How many demo customers live in each city. */
const CUSTOMER_CITIES: Array<[string, number]> = [
  ['riyadh', 12],
  ['jeddah', 8],
  ['dammam', 5],
  ['khobar', 4],
  ['makkah', 4],
  ['madinah', 4],
  ['taif', 3],
];

const DISTRICTS: Record<string, string[]> = {
  riyadh: ['النرجس', 'الملقا', 'الياسمين', 'العليا', 'السليمانية', 'الروضة', 'النخيل'],
  jeddah: ['الحمراء', 'الروضة', 'الصفا', 'الشاطئ', 'النعيم'],
  makkah: ['العزيزية', 'الشوقية', 'النسيم'],
  dammam: ['الفيصلية', 'الشاطئ الغربي', 'الجلوية'],
  khobar: ['العقربية', 'الثقبة', 'اليرموك'],
  madinah: ['قباء', 'العزيزية', 'الخالدية'],
  taif: ['الشهداء', 'الحوية', 'القمرية'],
};
const STREETS = [
  'شارع الملك فهد',
  'شارع الأمير سلطان',
  'شارع التحلية',
  'طريق الملك عبدالعزيز',
  'شارع الستين',
];

export interface DemoCustomer {
  name: string;
  phone: string;
  city: string;
  address: string;
  latitude: number;
  longitude: number;
}

export function planCustomers(
  random: Random,
  cityCenters: Map<string, { latitude: number; longitude: number }>,
): DemoCustomer[] {
  const phones = new Set<string>();
  const list: DemoCustomer[] = [];
  let index = 0;
  for (const [city, count] of CUSTOMER_CITIES) {
    const center = cityCenters.get(city);
    if (!center) continue;
    for (let n = 0; n < count; n++, index++) {
      let phone: string;
      do {
        phone = `05${random.pick(['0', '3', '4', '5', '6', '8', '9'])}${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
      } while (phones.has(phone));
      phones.add(phone);
      const district = random.pick(DISTRICTS[city] ?? ['المركز']);
      list.push({
        name: `${FIRST_NAMES[index % FIRST_NAMES.length]} ${random.pick(FAMILY_NAMES)}`,
        phone,
        city,
        address: `حي ${district}، ${random.pick(STREETS)}، مبنى ${random.int(2, 90)}`,
        latitude: round6(center.latitude + random.between(-0.06, 0.06)),
        longitude: round6(center.longitude + random.between(-0.06, 0.06)),
      });
    }
  }
  return list;
}

// ------------------------------------------------------------------------------------------ devices

const DEVICES: Record<
  Exclude<DeviceType, 'other'>,
  { brands: string[]; models: string[]; problems: string[] }
> = {
  ac: {
    brands: ['LG', 'Samsung', 'Gree', 'Carrier', 'Midea'],
    models: ['Dual Inverter 24K', 'WindFree 18K', 'Split 18K', 'Optimax 24K', 'Xtreme Save'],
    problems: [
      'المكيف لا يبرد رغم تشغيله على أقل درجة',
      'المكيف يسرب ماء من الوحدة الداخلية',
      'صوت عالٍ من الوحدة الخارجية',
      'المكيف يفصل بعد دقائق من التشغيل',
    ],
  },
  washer: {
    brands: ['LG', 'Samsung', 'Bosch', 'Whirlpool', 'Haier'],
    models: ['AI DD 9kg', 'EcoBubble 8kg', 'Serie 6', 'FreshCare 7kg'],
    problems: [
      'الغسالة لا تعصر الملابس',
      'الغسالة تسرب ماء من الأسفل',
      'الباب لا يفتح بعد انتهاء الدورة',
      'صوت طرق قوي أثناء العصر',
    ],
  },
  fridge: {
    brands: ['Samsung', 'LG', 'Toshiba', 'Hitachi', 'Haier'],
    models: ['Side by Side 22ft', 'InstaView', 'GR-RT 18ft', 'French Door'],
    problems: [
      'الثلاجة لا تبرد بشكل كافٍ',
      'تكوّن ثلج كثيف في الفريزر',
      'صوت مرتفع من الضاغط',
      'تسرب ماء داخل الثلاجة',
    ],
  },
  oven: {
    brands: ['Bosch', 'Zanussi', 'Siemens', 'Beko'],
    models: ['Serie 4', 'iQ500', 'BIM 25'],
    problems: ['الفرن لا يسخن', 'الفرن يفصل الكهرباء عند التشغيل', 'مروحة الفرن لا تعمل'],
  },
  dishwasher: {
    brands: ['Bosch', 'Siemens', 'Beko', 'Whirlpool'],
    models: ['Serie 2', 'iQ300', 'DFN 28'],
    problems: ['غسالة الصحون لا تصرف الماء', 'الصحون لا تنظف جيداً', 'تظهر رسالة خطأ E24'],
  },
};

const DEVICE_TYPES = Object.keys(DEVICES) as Array<Exclude<DeviceType, 'other'>>;

export const PARTS = [
  'ضاغط المكيف',
  'لوحة تحكم إلكترونية',
  'محرك الغسالة',
  'ثرموستات',
  'مروحة المكثف',
  'عنصر التسخين',
  'مضخة التصريف',
  'حساس الحرارة',
];

export const DIAGNOSES = [
  'تلف في مكثف التشغيل، يحتاج استبدال',
  'نقص في غاز التبريد مع تسريب بسيط',
  'انسداد في خط التصريف',
  'عطل في لوحة التحكم الإلكترونية',
  'تلف في سير المحرك',
  'حساس الحرارة لا يعطي قراءة صحيحة',
];

export const CANCEL_REASONS = [
  'العميل طلب الإلغاء لشراء جهاز جديد',
  'تم إصلاح الجهاز من قبل العميل',
  'العميل لم يعد بحاجة للخدمة',
  'طلب مكرر لنفس الجهاز',
  'القطعة غير متوفرة والعميل لا يرغب بالانتظار',
];

export const FEEDBACK: Record<number, string[]> = {
  5: ['خدمة ممتازة وفني محترف', 'وصل في الموعد وأصلح العطل بسرعة', 'شكراً على الخدمة الرائعة'],
  4: ['خدمة جيدة', 'تم الإصلاح لكن الموعد تأخر قليلاً'],
  3: ['الخدمة مقبولة', 'استغرق الإصلاح وقتاً أطول من المتوقع'],
  2: ['تأخر الفني عن الموعد كثيراً'],
  1: ['العطل عاد بعد يومين من الإصلاح'],
};

// ------------------------------------------------------------------------------------------ routes

/** How many demo tickets end in each status (200 in all). */
export const STATUS_COUNTS: Array<[TicketStatus, number]> = [
  ['new', 24],
  ['assigned', 12],
  ['scheduled', 14],
  ['on_route', 6],
  ['arrived', 5],
  ['inspecting', 5],
  ['diagnosed', 8],
  ['repairing', 10],
  ['waiting_parts', 12],
  ['pickup_device', 6],
  ['in_workshop', 8],
  ['ready_delivery', 6],
  ['completed', 56],
  ['not_fixed', 12],
  ['cancelled', 16],
];

const VISIT: VisitAction[] = [
  'assign',
  'schedule',
  'start_trip',
  'arrive',
  'start_inspection',
  'complete_diagnosis',
];
const WORKSHOP: VisitAction[] = [...VISIT, 'pickup_device', 'check_in_workshop'];

/** The ways to reach each status; tickets of a status take them in turn, so every way appears. */
const ROUTES: Record<TicketStatus, VisitAction[][]> = {
  new: [[]],
  assigned: [['assign']],
  scheduled: [['assign', 'schedule']],
  on_route: [VISIT.slice(0, 3)],
  arrived: [VISIT.slice(0, 4)],
  inspecting: [VISIT.slice(0, 5)],
  diagnosed: [VISIT],
  repairing: [
    [...VISIT, 'start_repair'],
    [...VISIT, 'start_repair'],
    [...VISIT, 'request_parts', 'parts_received'],
  ],
  waiting_parts: [
    [...VISIT, 'request_parts'],
    [...VISIT, 'request_parts'],
    [...VISIT, 'start_repair', 'request_parts'],
  ],
  pickup_device: [[...VISIT, 'pickup_device']],
  in_workshop: [WORKSHOP],
  ready_delivery: [[...WORKSHOP, 'repair_complete']],
  completed: [
    [...VISIT, 'start_repair', 'mark_completed'],
    [...VISIT, 'start_repair', 'mark_completed'],
    [...VISIT, 'start_repair', 'mark_completed'],
    [...VISIT, 'start_repair', 'mark_completed'],
    [...VISIT, 'request_parts', 'parts_received', 'mark_completed'],
    [...VISIT, 'start_repair', 'mark_completed'],
    [...VISIT, 'start_repair', 'request_parts', 'parts_received', 'mark_completed'],
    [...WORKSHOP, 'repair_complete', 'deliver_device'],
  ],
  not_fixed: [
    [...VISIT, 'mark_not_fixed'],
    [...VISIT, 'start_repair', 'mark_not_fixed'],
    [...WORKSHOP, 'mark_not_fixed'],
  ],
  cancelled: [
    ['cancel'],
    ['cancel'],
    ['assign', 'cancel'],
    ['assign', 'schedule', 'cancel'],
    [...VISIT, 'request_parts', 'cancel'],
  ],
};

/** How long ago (minutes) an open ticket's last step happened: open work is recent. */
const RECENCY: Record<TicketStatus, [number, number]> = {
  new: [5, 200],
  assigned: [10, 420],
  scheduled: [30, 1800],
  on_route: [10, 110],
  arrived: [5, 40],
  inspecting: [5, 60],
  diagnosed: [10, 300],
  repairing: [20, 2880],
  waiting_parts: [120, 5 * 1440],
  pickup_device: [60, 600],
  in_workshop: [180, 7 * 1440],
  ready_delivery: [60, 2880],
  completed: [60, 29 * 1440],
  not_fixed: [60, 29 * 1440],
  cancelled: [60, 29 * 1440],
};

/** Minutes between the previous step and this action. */
function delayRange(
  action: VisitAction,
  from: TicketStatus,
  previous: VisitAction | undefined,
): [number, number] {
  switch (action) {
    case 'assign':
      return [10, 125];
    case 'schedule':
      return [5, 120];
    case 'arrive':
      return [15, 75];
    case 'start_inspection':
      return [3, 15];
    case 'complete_diagnosis':
      return [15, 60];
    case 'start_repair':
      return [5, 25];
    case 'request_parts':
      return [10, 40];
    case 'parts_received':
      return [1440, 3 * 1440];
    case 'mark_completed':
      return previous === 'parts_received' ? [60, 300] : [30, 150];
    case 'mark_not_fixed':
      return from === 'in_workshop' ? [1440, 3 * 1440] : [10, 60];
    case 'pickup_device':
      return [10, 40];
    case 'check_in_workshop':
      return [120, 480];
    case 'repair_complete':
      return [1440, 3 * 1440];
    case 'deliver_device':
      return [240, 2160];
    case 'cancel':
      if (from === 'waiting_parts') return [1440, 5 * 1440];
      if (from === 'scheduled') return [120, 1200];
      return from === 'assigned' ? [30, 360] : [60, 1440];
    case 'start_trip':
      return [0, 0];
  }
}

// ------------------------------------------------------------------------------------------ tickets

export type PartsStatus = 'pending' | 'approved' | 'ordered';

export interface TicketPlan {
  index: number;
  status: TicketStatus;
  actions: VisitAction[];
  customerIndex: number;
  technicianIndex: number;
  /** Whether the admin or the supervisor dispatches this ticket. */
  dispatcher: 'admin' | 'supervisor';
  deviceType: Exclude<DeviceType, 'other'>;
  brand: string;
  model: string;
  problem: string;
  preferredSlot: TimeSlot;
  warranty: WarrantyStatus;
  invoiceNumber?: string;
  serialNumber?: string;
  priority: Priority;
  diagnosis: string;
  partName: string;
  /** Where a still-waiting parts request stands. */
  partsStatus: PartsStatus;
  cancelReason: string;
  notFixedReasons: Array<'beyond_repair' | 'customer_refused_cost' | 'parts_unavailable' | 'other'>;
  confirmation: 'signature' | 'otp';
  rating: { score: number; feedback: string | null } | null;
  beforePhotos: number;
  afterPhotos: number;
  internalNote: string | null;
  // Timing draws, fixed so the plan can be re-timed without changing its shape.
  draws: number[];
  scheduleDayOffset: number;
  scheduleSlot: TimeSlot;
  recencyDraw: number;
}

export interface Timeline {
  createdAt: Date;
  /** One instant per action, strictly increasing, all after createdAt. */
  times: Date[];
  /** The status after each action. */
  statuses: TicketStatus[];
  schedule: { date: string; slot: TimeSlot; startAt: Date } | null;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

function addDays(date: string, days: number): string {
  const base = new Date(`${date}T00:00:00Z`);
  return new Date(base.getTime() + days * DAY).toISOString().slice(0, 10);
}

/** A slot on the chosen day, at least two hours after the appointment was made. */
function pickSlot(madeAt: number, dayOffset: number, slot: TimeSlot, timeZone: string) {
  let date = addDays(localDate(new Date(madeAt), timeZone), dayOffset);
  let startAt = slotStartsAt({ date, slot, timeZone });
  while (startAt.getTime() < madeAt + 2 * HOUR) {
    date = addDays(date, 1);
    startAt = slotStartsAt({ date, slot, timeZone });
  }
  return { date, slot, startAt };
}

const roundToSecond = (ms: number) => Math.round(ms / 1000) * 1000;

export function simulate(plan: TicketPlan, createdAt: Date, timeZone: string): Timeline {
  let at = roundToSecond(createdAt.getTime());
  let status: TicketStatus = 'new';
  let schedule: Timeline['schedule'] = null;
  const times: Date[] = [];
  const statuses: TicketStatus[] = [];
  plan.actions.forEach((action, index) => {
    const draw = plan.draws[index] ?? 0.5;
    if (action === 'start_trip' && schedule) {
      // Technicians leave between 25 minutes before and 32 minutes after the slot starts.
      at = Math.max(at + 5 * MINUTE, schedule.startAt.getTime() + (-25 + draw * 57) * MINUTE);
    } else {
      const [min, max] = delayRange(action, status, plan.actions[index - 1]);
      at += (min + draw * (max - min)) * MINUTE;
    }
    at = roundToSecond(at);
    if (action === 'schedule') schedule = pickSlot(at, plan.scheduleDayOffset, plan.scheduleSlot, timeZone);
    const next = findTransition(visitWorkflow, status, action)?.to;
    if (!next) throw new Error(`Demo route broken: ${action} from ${status}`);
    status = next;
    times.push(new Date(at));
    statuses.push(status);
  });
  return { createdAt: new Date(roundToSecond(createdAt.getTime())), times, statuses, schedule };
}

const endOf = (timeline: Timeline) => (timeline.times.at(-1) ?? timeline.createdAt).getTime();

/**
 * Times the plan so its last step lands `RECENCY[status]` before `now`, the ticket is at most
 * `windowDays` old, and nothing happens after `now`.
 */
export function placeInTime(plan: TicketPlan, now: Date, timeZone: string, windowDays = 30): Timeline {
  const nowMs = now.getTime();
  const probe = simulate(plan, new Date(nowMs - 10 * DAY), timeZone);
  const duration = endOf(probe) - probe.createdAt.getTime();
  const [minRecency, maxRecency] = RECENCY[plan.status];
  const latestRecency = Math.max(
    minRecency,
    Math.min(maxRecency, (windowDays * DAY - duration) / MINUTE - 60),
  );
  const recency = (minRecency + plan.recencyDraw * (latestRecency - minRecency)) * MINUTE;
  const desiredEnd = nowMs - recency;

  let createdAt = desiredEnd - duration;
  let timeline = simulate(plan, new Date(createdAt), timeZone);
  // Slots snap to calendar hours, so the duration can change as the start moves: settle it.
  for (let round = 0; round < 4 && Math.abs(endOf(timeline) - desiredEnd) > MINUTE; round++) {
    createdAt -= endOf(timeline) - desiredEnd;
    timeline = simulate(plan, new Date(createdAt), timeZone);
  }
  if (endOf(timeline) > nowMs - MINUTE || Math.abs(endOf(timeline) - desiredEnd) > HOUR) {
    // Trips start near a slot's start, so not every end time exists: take the nearest one before now.
    let best: Timeline | null = null;
    for (let hours = -24; hours <= 48; hours++) {
      const candidate = simulate(plan, new Date(desiredEnd - duration - hours * HOUR), timeZone);
      const end = endOf(candidate);
      if (end > nowMs - MINUTE) continue;
      if (!best || Math.abs(end - desiredEnd) < Math.abs(endOf(best) - desiredEnd)) best = candidate;
    }
    if (best) timeline = best;
  }
  while (endOf(timeline) > nowMs - MINUTE) {
    timeline = simulate(plan, new Date(timeline.createdAt.getTime() - DAY), timeZone);
  }
  return timeline;
}

export function planTickets(
  random: Random,
  customers: DemoCustomer[],
  technicians: DemoTechnician[],
): TicketPlan[] {
  const plans: TicketPlan[] = [];
  let index = 0;
  for (const [status, count] of STATUS_COUNTS) {
    const routes = ROUTES[status];
    for (let n = 0; n < count; n++, index++) {
      const actions = routes[n % routes.length] ?? [];
      // Customers come back: roughly five tickets each, not in a fixed order.
      const customerIndex = random.int(0, customers.length - 1);
      const customer = customers[customerIndex];
      const deviceType = random.pick(DEVICE_TYPES);
      const device = DEVICES[deviceType];
      const technicianIndex = chooseTechnician(random, technicians, customer?.city ?? 'riyadh', deviceType);
      const warranty = random.pick<WarrantyStatus>(['no', 'no', 'yes', 'unknown']);
      const score = random.pick([5, 5, 5, 4, 4, 4, 3, 2, 1]);
      plans.push({
        index,
        status,
        actions,
        customerIndex,
        technicianIndex,
        dispatcher: random.chance(0.6) ? 'admin' : 'supervisor',
        deviceType,
        brand: random.pick(device.brands),
        model: random.pick(device.models),
        problem: random.pick(device.problems),
        preferredSlot: random.pick<TimeSlot>(['morning', 'noon', 'evening']),
        warranty,
        ...(warranty === 'yes'
          ? {
              invoiceNumber: `INV-${random.int(100_000, 999_999)}`,
              serialNumber: `SN${random.int(1e7, 9e7)}`,
            }
          : {}),
        priority: random.pick<Priority>([
          'low',
          'low',
          'normal',
          'normal',
          'normal',
          'normal',
          'normal',
          'high',
          'high',
          'urgent',
        ]),
        diagnosis: random.pick(DIAGNOSES),
        partName: random.pick(PARTS),
        partsStatus: (['pending', 'approved', 'ordered'] as const)[n % 3] ?? 'pending',
        cancelReason: random.pick(CANCEL_REASONS),
        notFixedReasons: random
          .pick([
            ['beyond_repair'],
            ['customer_refused_cost'],
            ['parts_unavailable'],
            ['beyond_repair', 'other'],
          ] as const)
          .slice(),
        confirmation: random.chance(0.7) ? 'signature' : 'otp',
        rating: random.chance(0.75)
          ? { score, feedback: random.pick([null, ...(FEEDBACK[score] ?? [])]) }
          : null,
        beforePhotos: random.int(1, 3),
        afterPhotos: random.int(3, 4),
        internalNote: random.chance(0.15)
          ? random.pick([
              'العميل يفضل الاتصال قبل الزيارة بنصف ساعة',
              'المبنى بدون مصعد',
              'يوجد حارس عند البوابة',
            ])
          : null,
        draws: actions.map(() => random.next()),
        scheduleDayOffset: random.int(0, 2),
        scheduleSlot: random.pick<TimeSlot>(['morning', 'noon', 'evening']),
        recencyDraw: random.next(),
      });
    }
  }
  return plans;
}

function chooseTechnician(
  random: Random,
  technicians: DemoTechnician[],
  city: string,
  deviceType: DeviceType,
): number {
  const candidates = technicians
    .map((technician, index) => ({ technician, index }))
    .filter(({ technician }) => technician.serviceAreas.includes(city));
  const specialists = candidates.filter(({ technician }) => technician.specialties.includes(deviceType));
  const pool = specialists.length > 0 ? specialists : candidates;
  return pool.length > 0 ? random.pick(pool).index : random.int(0, technicians.length - 1);
}

// ------------------------------------------------------------------------------------------ escalations

export interface PlannedEscalation {
  ruleId: string;
  type: EscalationType;
  level: EscalationLevel;
  ownerRole: string;
  reason: string;
  createdAt: Date;
  /** When the late stage ended (the escalation is then resolved), or null while it is still open. */
  resolvedAt: Date | null;
  resolutionNotes: string | null;
  withTechnician: boolean;
}

export interface SlaRule {
  ruleId: string;
  type: EscalationType;
  thresholdMinutes: number;
  escalationLevel: EscalationLevel;
  ownerRole: string;
}

const STAGE_RULES: Partial<Record<TicketStatus, EscalationType>> = {
  new: 'assignment_delay',
  assigned: 'schedule_delay',
  on_route: 'arrival_delay',
  waiting_parts: 'parts_delay',
  in_workshop: 'sla_breach',
};

const REASONS: Record<EscalationType, string> = {
  assignment_delay: 'لم يتم إسناد التذكرة لفني خلال المدة المحددة',
  schedule_delay: 'تم الإسناد ولم يتم تحديد موعد للزيارة',
  trip_delay: 'لم يبدأ الفني الرحلة بعد بداية الموعد بثلاثين دقيقة',
  arrival_delay: 'الفني في الطريق منذ أكثر من 90 دقيقة دون وصول',
  parts_delay: 'التذكرة بانتظار قطع الغيار منذ أكثر من 3 أيام',
  completion_delay: 'التذكرة مفتوحة منذ أكثر من 7 أيام دون إكمال',
  customer_complaint: 'شكوى من العميل بعد التقييم',
  sla_breach: 'الجهاز في الورشة منذ أكثر من 5 أيام',
};

const FINAL: TicketStatus[] = ['completed', 'not_fixed', 'cancelled'];

/** The escalations the SLA rules (seed 000 §7.1) would have raised over this timeline. */
export function plannedEscalations(
  plan: TicketPlan,
  timeline: Timeline,
  rules: SlaRule[],
  now: Date,
): PlannedEscalation[] {
  const found: PlannedEscalation[] = [];
  const byType = new Map(rules.map((rule) => [rule.type, rule]));
  const raise = (type: EscalationType, createdAt: number, resolvedAt: number | null, notes: string) => {
    const rule = byType.get(type);
    if (!rule || createdAt >= now.getTime()) return;
    found.push({
      ruleId: rule.ruleId,
      type,
      level: rule.escalationLevel,
      ownerRole: rule.ownerRole,
      reason: REASONS[type],
      createdAt: new Date(createdAt),
      resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
      resolutionNotes: resolvedAt === null ? null : notes,
      withTechnician: type !== 'assignment_delay',
    });
  };

  const stages = [timeline.createdAt, ...timeline.times];
  const statuses: TicketStatus[] = ['new', ...timeline.statuses];
  statuses.forEach((status, index) => {
    const enteredAt = stages[index]?.getTime() ?? 0;
    const leftAt = stages[index + 1]?.getTime() ?? null;
    const type = STAGE_RULES[status];
    const rule = type ? byType.get(type) : undefined;
    if (type && rule) {
      const dueAt = enteredAt + rule.thresholdMinutes * MINUTE;
      if ((leftAt ?? now.getTime()) > dueAt) {
        raise(type, dueAt, leftAt, `انتقلت التذكرة إلى المرحلة التالية (${statuses[index + 1]})`);
      }
    }
    if (status === 'scheduled' && timeline.schedule) {
      const tripRule = byType.get('trip_delay');
      const dueAt = timeline.schedule.startAt.getTime() + (tripRule?.thresholdMinutes ?? 30) * MINUTE;
      if ((leftAt ?? now.getTime()) > dueAt) raise('trip_delay', dueAt, leftAt, 'بدأ الفني الرحلة متأخراً');
    }
  });

  const completion = byType.get('completion_delay');
  if (completion) {
    const closedIndex = statuses.findIndex((status) => FINAL.includes(status));
    const closedAt = closedIndex >= 0 ? (stages[closedIndex]?.getTime() ?? null) : null;
    const dueAt = timeline.createdAt.getTime() + completion.thresholdMinutes * MINUTE;
    if ((closedAt ?? now.getTime()) > dueAt) raise('completion_delay', dueAt, closedAt, 'أغلقت التذكرة');
  }

  if (plan.status === 'completed' && plan.rating && plan.rating.score <= 2) {
    const ratedAt = (timeline.times.at(-1)?.getTime() ?? 0) + 10 * MINUTE;
    const resolvedAt = ratedAt + DAY < now.getTime() && plan.index % 2 === 0 ? ratedAt + DAY : null;
    raise('customer_complaint', ratedAt, resolvedAt, 'تم التواصل مع العميل وجدولة زيارة متابعة مجانية');
  }
  return found;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export { DAY, HOUR, MINUTE, round6 };
