// Outgoing message texts per template and language.
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { fillPlaceholders } from '../../../domain/template-placeholders';

export type NotificationLocale = 'ar' | 'en';

/** Seed 000 §2.1 "Portal Display": what the customer is told at each status. */
export const CUSTOMER_STATUS_TEXT: Record<TicketStatus, Record<NotificationLocale, string>> = {
  new: { ar: 'تم استلام طلبك', en: 'We have received your request' },
  assigned: { ar: 'تم تعيين فني', en: 'A technician has been assigned' },
  scheduled: { ar: 'تم تحديد موعد الزيارة', en: 'Your visit has been scheduled' },
  on_route: { ar: 'الفني في الطريق إليك', en: 'The technician is on the way' },
  arrived: { ar: 'الفني وصل', en: 'The technician has arrived' },
  inspecting: { ar: 'جاري فحص الجهاز', en: 'Your device is being inspected' },
  diagnosed: { ar: 'تم تحديد المشكلة', en: 'The problem has been diagnosed' },
  repairing: { ar: 'جاري الإصلاح', en: 'The repair is in progress' },
  waiting_parts: { ar: 'بانتظار قطع الغيار', en: 'Waiting for spare parts' },
  pickup_device: { ar: 'تم سحب الجهاز للورشة', en: 'Your device was taken to the workshop' },
  in_workshop: { ar: 'الجهاز في الورشة', en: 'Your device is in the workshop' },
  ready_delivery: { ar: 'جاهز للتسليم', en: 'Your device is ready for delivery' },
  completed: { ar: 'تم الإصلاح بنجاح', en: 'The repair was completed successfully' },
  not_fixed: { ar: 'تعذر الإصلاح', en: 'The device could not be fixed' },
  cancelled: { ar: 'تم إلغاء الطلب', en: 'The request was cancelled' },
};

type Vars = Record<string, string | number>;

const TEMPLATES: Record<string, Record<NotificationLocale, (vars: Vars) => string>> = {
  otp_login: {
    ar: (v) => `رمز الدخول إلى فيلدلاين: ${v.code}. صالح لمدة ${v.minutes} دقائق.`,
    en: (v) => `Your Fieldline sign-in code is ${v.code}. It is valid for ${v.minutes} minutes.`,
  },
  otp_completion: {
    ar: (v) => `رمز تأكيد إتمام الطلب ${v.ticketNumber}: ${v.code}. أعطه للفني فقط عند رضاك عن العمل.`,
    en: (v) =>
      `Code to confirm completion of ${v.ticketNumber}: ${v.code}. Give it to the technician only when satisfied.`,
  },
  ticket_created: {
    ar: (v) => `تم استلام طلبك ${v.ticketNumber}. رمز التتبع: ${v.trackingToken}`,
    en: (v) => `We received your request ${v.ticketNumber}. Tracking code: ${v.trackingToken}`,
  },
  ticket_status: {
    ar: (v) => `${v.ticketNumber}: ${v.statusText}`,
    en: (v) => `${v.ticketNumber}: ${v.statusText}`,
  },
  technician_assigned: {
    ar: (v) => `تم إسناد التذكرة ${v.ticketNumber} إليك (${v.city}).`,
    en: (v) => `Ticket ${v.ticketNumber} has been assigned to you (${v.city}).`,
  },
  parts_received: {
    ar: (v) => `وصلت قطع الغيار للتذكرة ${v.ticketNumber}.`,
    en: (v) => `The spare parts for ticket ${v.ticketNumber} have arrived.`,
  },
  escalation_created: {
    ar: (v) => `تصعيد ${v.level} على التذكرة ${v.ticketNumber}: ${v.reason}`,
    en: (v) => `${v.level} escalation on ticket ${v.ticketNumber}: ${v.reason}`,
  },
  escalation_resolved: {
    ar: (v) => `تمت معالجة التصعيد على التذكرة ${v.ticketNumber}: ${v.resolutionNotes}`,
    en: (v) => `The escalation on ticket ${v.ticketNumber} was resolved: ${v.resolutionNotes}`,
  },
  // Reminders of seed 000 §7.4 (src/server/jobs/reminders.ts).
  reminder_visit_24h: {
    ar: (v) => `${v.statusText}: ${v.ticketNumber} غداً ${v.date} الساعة ${v.time}.`,
    en: (v) => `${v.statusText}: ${v.ticketNumber} is tomorrow, ${v.date} at ${v.time}.`,
  },
  reminder_visit_2h: {
    ar: (v) => `${v.statusText}: الفني سيصل خلال ساعتين تقريباً (${v.time}) للطلب ${v.ticketNumber}.`,
    en: (v) =>
      `${v.statusText}: the technician will arrive in about two hours (${v.time}) for ${v.ticketNumber}.`,
  },
  reminder_technician_day: {
    ar: (v) => `لديك ${v.count} مهمة مجدولة اليوم (${v.date}): ${v.ticketNumbers}`,
    en: (v) => `You have ${v.count} task(s) scheduled today (${v.date}): ${v.ticketNumbers}`,
  },
  reminder_missing_photos: {
    ar: (v) => `التذكرة ${v.ticketNumber}: يرجى رفع ${v.missing} صورة إضافية على الأقل بعد الإصلاح.`,
    en: (v) => `Ticket ${v.ticketNumber}: please upload at least ${v.missing} more after-repair photo(s).`,
  },
  reminder_overdue: {
    ar: (v) => `تذكير: تصعيد ${v.level} مفتوح على التذكرة ${v.ticketNumber}: ${v.reason}`,
    en: (v) => `Reminder: open ${v.level} escalation on ticket ${v.ticketNumber}: ${v.reason}`,
  },
  reminder_feedback: {
    ar: (v) =>
      `${v.statusText} (${v.ticketNumber}). نرجو تقييم الخدمة من صفحة التتبع، رمز التتبع: ${v.trackingToken}`,
    en: (v) =>
      `${v.statusText} (${v.ticketNumber}). Please rate our service on the tracking page, code ${v.trackingToken}.`,
  },
  customer_message: {
    ar: (v) => `رسالة بخصوص طلبك ${v.ticketNumber}: ${v.content}`,
    en: (v) => `Message about your request ${v.ticketNumber}: ${v.content}`,
  },
};

export type TemplateName = keyof typeof TEMPLATES;

export function renderTemplate(template: string, locale: NotificationLocale, vars: Vars): string {
  const render = TEMPLATES[template]?.[locale];
  if (!render) throw new Error(`Unknown notification template ${template}/${locale}`);
  return render(vars);
}

/** An organisation's own subject and body for one template and language ({{name}} placeholders). */
export interface TemplateOverride {
  subject: string | null;
  body: string;
}

export const NOTIFICATION_LOCALES: readonly NotificationLocale[] = ['ar', 'en'];
export const TEMPLATE_NAMES: readonly string[] = Object.keys(TEMPLATES);

export const isTemplateName = (name: string): boolean => Object.hasOwn(TEMPLATES, name);

/** A code the recipient must receive: an override that leaves it out would lock people out. */
const REQUIRED_PLACEHOLDERS: Record<string, string[]> = { otp_login: ['code'], otp_completion: ['code'] };
export const requiredPlaceholders = (template: string): string[] => REQUIRED_PLACEHOLDERS[template] ?? [];

/** Renders a built-in text with every variable it reads shown as {{name}}, and records those names. */
function builtInWithPlaceholders(
  template: string,
  locale: NotificationLocale,
): { text: string; names: string[] } {
  const names: string[] = [];
  const vars = new Proxy({} as Vars, {
    get: (_, key) => {
      const name = String(key);
      if (!names.includes(name)) names.push(name);
      return `{{${name}}}`;
    },
  });
  return { text: renderTemplate(template, locale, vars), names };
}

export const builtInText = (template: string, locale: NotificationLocale): string =>
  builtInWithPlaceholders(template, locale).text;

/** The variables the sender supplies for `template`: the only placeholders an override may use. */
export function templatePlaceholders(template: string): string[] {
  const names = NOTIFICATION_LOCALES.flatMap((locale) => builtInWithPlaceholders(template, locale).names);
  return [...new Set(names)];
}

/** The message text (and subject, when overridden): the organisation's override, else the built-in text. */
export function renderNotification(
  template: string,
  locale: NotificationLocale,
  vars: Vars,
  override?: TemplateOverride | null,
): { text: string; subject: string | null } {
  if (!override) return { text: renderTemplate(template, locale, vars), subject: null };
  return {
    text: fillPlaceholders(override.body, vars),
    subject: override.subject ? fillPlaceholders(override.subject, vars) : null,
  };
}
