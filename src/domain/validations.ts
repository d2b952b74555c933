// Input limits shared by the server's schemas and the web forms.
export const LIMITS = {
  nameMin: 3,
  nameMax: 100,
  addressMin: 10,
  addressMax: 500,
  brandMax: 60,
  modelMax: 60,
  problemMin: 5,
  problemMax: 2000,
  messageMax: 2000,
  noteMax: 4000,
  reasonMin: 3,
  reasonMax: 1000,
  passwordMin: 8,
  searchMax: 100,
  pageSizeMax: 100,
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxTicketAttachmentBytes: 50 * 1024 * 1024,
} as const;

/** Saudi mobile numbers as the portal shows them: 05xxxxxxxx. */
export const SAUDI_MOBILE = /^05\d{8}$/;

/** Accepts 05xxxxxxxx, 5xxxxxxxx, +9665xxxxxxxx, 009665xxxxxxxx (spaces and dashes ignored). */
export function normalizeSaudiMobile(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  const match = /^(?:\+966|00966|966|0)?(5\d{8})$/.exec(digits);
  return match ? `0${match[1]}` : null;
}
