// Words of the exported files in Arabic and English (statuses as seed 000 §2.1 names them).
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { TimeSlot } from '../../../domain/schedule/time-slots';
import type { DeviceType, Priority } from '../../../domain/tickets';

export type ExportLang = 'ar' | 'en';

type Words<K extends string> = Record<K, Record<ExportLang, string>>;

export const STATUS_LABELS: Words<TicketStatus> = {
  new: { ar: 'جديدة', en: 'New' },
  assigned: { ar: 'تم الإسناد', en: 'Assigned' },
  scheduled: { ar: 'مجدولة', en: 'Scheduled' },
  on_route: { ar: 'في الطريق', en: 'On route' },
  arrived: { ar: 'وصل الموقع', en: 'Arrived' },
  inspecting: { ar: 'جاري الفحص', en: 'Inspecting' },
  diagnosed: { ar: 'تم التشخيص', en: 'Diagnosed' },
  repairing: { ar: 'جاري الإصلاح', en: 'Repairing' },
  waiting_parts: { ar: 'بانتظار قطع', en: 'Waiting for parts' },
  pickup_device: { ar: 'سحب الجهاز', en: 'Device picked up' },
  in_workshop: { ar: 'في الورشة', en: 'In workshop' },
  ready_delivery: { ar: 'جاهز للتسليم', en: 'Ready for delivery' },
  completed: { ar: 'مكتملة', en: 'Completed' },
  not_fixed: { ar: 'لم يتم الإصلاح', en: 'Not fixed' },
  cancelled: { ar: 'ملغاة', en: 'Cancelled' },
};

export const PRIORITY_LABELS: Words<Priority> = {
  low: { ar: 'منخفضة', en: 'Low' },
  normal: { ar: 'عادية', en: 'Normal' },
  high: { ar: 'عالية', en: 'High' },
  urgent: { ar: 'عاجلة', en: 'Urgent' },
};

export const DEVICE_LABELS: Words<DeviceType> = {
  ac: { ar: 'مكيف', en: 'Air conditioner' },
  washer: { ar: 'غسالة', en: 'Washer' },
  fridge: { ar: 'ثلاجة', en: 'Fridge' },
  oven: { ar: 'فرن', en: 'Oven' },
  dishwasher: { ar: 'غسالة صحون', en: 'Dishwasher' },
  other: { ar: 'أخرى', en: 'Other' },
};

export const SLOT_LABELS: Words<TimeSlot> = {
  morning: { ar: 'صباحاً', en: 'Morning' },
  noon: { ar: 'ظهراً', en: 'Noon' },
  evening: { ar: 'مساءً', en: 'Evening' },
};

export const TICKET_COLUMNS = [
  'ticketNumber',
  'createdAt',
  'status',
  'priority',
  'customerName',
  'customerPhone',
  'city',
  'device',
  'technician',
  'scheduled',
] as const;
export type TicketColumn = (typeof TICKET_COLUMNS)[number];

export const TICKET_COLUMN_LABELS: Words<TicketColumn> = {
  ticketNumber: { ar: 'رقم التذكرة', en: 'Ticket number' },
  createdAt: { ar: 'تاريخ الإنشاء', en: 'Created at' },
  status: { ar: 'الحالة', en: 'Status' },
  priority: { ar: 'الأولوية', en: 'Priority' },
  customerName: { ar: 'اسم العميل', en: 'Customer name' },
  customerPhone: { ar: 'الجوال', en: 'Phone' },
  city: { ar: 'المدينة', en: 'City' },
  device: { ar: 'الجهاز', en: 'Device' },
  technician: { ar: 'الفني', en: 'Technician' },
  scheduled: { ar: 'موعد الزيارة', en: 'Visit' },
};

export const TEXT = {
  ticketsTitle: { ar: 'تقرير التذاكر', en: 'Tickets report' },
  kpiTitle: { ar: 'تقرير مؤشرات الأداء', en: 'KPI report' },
  period: { ar: 'الفترة', en: 'Period' },
  previous: { ar: 'الفترة السابقة', en: 'Previous period' },
  change: { ar: 'التغير %', en: 'Change %' },
  metric: { ar: 'المؤشر', en: 'Metric' },
  value: { ar: 'القيمة', en: 'Value' },
  summary: { ar: 'الملخص', en: 'Summary' },
  technicians: { ar: 'الفنيون', en: 'Technicians' },
  cities: { ar: 'المدن', en: 'Cities' },
  trend: { ar: 'الاتجاه', en: 'Trend' },
  statuses: { ar: 'الحالات', en: 'Statuses' },
  count: { ar: 'العدد', en: 'Count' },
  page: { ar: 'صفحة', en: 'Page' },
  rows: { ar: 'عدد التذاكر', en: 'Tickets' },
  unassigned: { ar: 'غير مسندة', en: 'Unassigned' },
  technician: { ar: 'الفني', en: 'Technician' },
  city: { ar: 'المدينة', en: 'City' },
  bucket: { ar: 'الفترة', en: 'Period' },
} satisfies Words<string>;

export const METRIC_LABELS: Words<string> = {
  totalTickets: { ar: 'إجمالي التذاكر', en: 'Total tickets' },
  completed: { ar: 'المكتملة', en: 'Completed' },
  cancelled: { ar: 'الملغاة', en: 'Cancelled' },
  notFixed: { ar: 'لم يتم إصلاحها', en: 'Not fixed' },
  escalated: { ar: 'المصعّدة', en: 'Escalated' },
  avgAssignmentTime: { ar: 'متوسط وقت الإسناد (دقيقة)', en: 'Avg assignment time (min)' },
  avgArrivalTime: { ar: 'متوسط وقت الاستجابة (دقيقة)', en: 'Avg response time (min)' },
  avgRepairTime: { ar: 'متوسط وقت الإصلاح (دقيقة)', en: 'Avg repair time (min)' },
  avgCycleTime: { ar: 'متوسط الدورة الكاملة (دقيقة)', en: 'Avg cycle time (min)' },
  firstTimeFixRate: { ar: 'الإصلاح من أول زيارة %', en: 'First-time fix %' },
  slaCompliance: { ar: 'الالتزام باتفاقية الخدمة %', en: 'SLA compliance %' },
  avgCustomerRating: { ar: 'تقييم العملاء', en: 'Customer rating' },
  cancellationRate: { ar: 'نسبة الإلغاء %', en: 'Cancellation rate %' },
  notFixedRate: { ar: 'نسبة عدم الإصلاح %', en: 'Not fixed rate %' },
  avgPartsWaitTime: { ar: 'متوسط انتظار القطع (دقيقة)', en: 'Avg parts wait (min)' },
  onTimeArrivalRate: { ar: 'الوصول في الموعد %', en: 'On-time arrival %' },
  distanceTraveledKm: { ar: 'المسافة المقطوعة (كم)', en: 'Distance travelled (km)' },
};
