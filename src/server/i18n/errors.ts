// Error messages in the caller's language (Accept-Language: ar or en). The web app always sends the
// header; a client that sends none (curl, a partner system) gets English.
import type { FastifyRequest } from 'fastify';
import type { AppError, ErrorCode } from '../errors';

export type Locale = 'ar' | 'en';

/** The supported language the caller prefers most (q-values honoured), English when none matches. */
export function parseAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  let best: { locale: Locale; q: number } | null = null;
  for (const part of header.slice(0, 200).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const language = tag.trim().split('-')[0];
    if (language !== 'ar' && language !== 'en') continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: language, q };
  }
  return best?.locale ?? 'en';
}

export function localeOf(request: FastifyRequest): Locale {
  return parseAcceptLanguage(request.headers['accept-language']);
}

const ARABIC: Record<ErrorCode, string> = {
  validation_failed: 'البيانات المرسلة غير صحيحة.',
  bad_request: 'الطلب غير صالح.',
  current_password_incorrect: 'كلمة المرور الحالية غير صحيحة.',
  unauthenticated: 'يجب تسجيل الدخول.',
  invalid_credentials: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.',
  token_expired: 'انتهت صلاحية الجلسة، سجّل الدخول مرة أخرى.',
  forbidden: 'ليست لديك صلاحية لهذا الإجراء.',
  password_change_required: 'غيّر كلمة المرور المؤقتة أولاً.',
  role_not_permitted: 'دورك لا يسمح بهذا الإجراء.',
  not_found: 'العنصر المطلوب غير موجود.',
  conflict: 'تعارض مع الحالة الحالية.',
  invalid_transition: 'لا يمكن تنفيذ هذا الإجراء في الحالة الحالية للتذكرة.',
  payload_too_large: 'حجم الملف أو الطلب أكبر من المسموح.',
  unsupported_media_type: 'نوع الملف غير مدعوم.',
  requirement_not_met: 'متطلبات هذا الإجراء غير مكتملة.',
  unprocessable: 'تعذر تنفيذ الطلب.',
  otp_invalid: 'رمز التحقق غير صحيح.',
  otp_expired: 'انتهت صلاحية رمز التحقق.',
  otp_locked: 'تم تجاوز عدد المحاولات المسموح، اطلب رمزاً جديداً.',
  rate_limited: 'طلبات كثيرة، حاول لاحقاً.',
  internal: 'حدث خطأ غير متوقع.',
};

export function translateError(error: AppError, locale: Locale): string {
  if (locale === 'ar') return ARABIC[error.code];
  return error.message;
}
