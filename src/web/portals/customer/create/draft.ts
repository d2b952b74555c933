// The create-ticket wizard's data (seed 000 §4.1–§4.3): what each step asks, its checks (the same
// limits as the server's schema), and a copy in sessionStorage so a reload loses nothing typed.
import type { TimeSlot } from '../../../../domain/schedule/time-slots';
import type { DeviceType, WarrantyStatus } from '../../../../domain/tickets';
import { LIMITS, normalizeSaudiMobile } from '../../../../domain/validations';
import type { NewTicket } from '../../../api/customer';
import type { MessageKey } from '../../../i18n/i18n';

export interface Draft {
  customerName: string;
  customerPhone: string;
  customerCity: string;
  customerAddress: string;
  latitude: number | null;
  longitude: number | null;
  deviceType: DeviceType | '';
  brand: string;
  model: string;
  problemDescription: string;
  preferredTimeSlot: TimeSlot | '';
  warrantyStatus: WarrantyStatus | '';
  invoiceNumber: string;
  serialNumber: string;
}

export type DraftField = keyof Draft | 'location' | 'invoicePhoto';
export type FieldErrors = Partial<Record<DraftField, MessageKey>>;
export type Step = 1 | 2 | 3;
export const STEPS: readonly Step[] = [1, 2, 3];

export const EMPTY_DRAFT: Draft = {
  customerName: '',
  customerPhone: '',
  customerCity: '',
  customerAddress: '',
  latitude: null,
  longitude: null,
  deviceType: '',
  brand: '',
  model: '',
  problemDescription: '',
  preferredTimeSlot: '',
  warrantyStatus: '',
  invoiceNumber: '',
  serialNumber: '',
};

/** Which step shows each field: a refusal from the server sends the user back there. */
export const FIELD_STEP: Record<DraftField, Step> = {
  customerName: 1,
  customerPhone: 1,
  customerCity: 1,
  customerAddress: 1,
  latitude: 1,
  longitude: 1,
  location: 1,
  deviceType: 2,
  brand: 2,
  model: 2,
  problemDescription: 2,
  preferredTimeSlot: 2,
  warrantyStatus: 3,
  invoiceNumber: 3,
  serialNumber: 3,
  invoicePhoto: 3,
};

export const INVOICE_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];

export function validateStep(step: Step, draft: Draft, invoicePhoto: File | null = null): FieldErrors {
  const errors: FieldErrors = {};
  if (step === 1) {
    if (draft.customerName.trim().length < LIMITS.nameMin) errors.customerName = 'create.errors.name';
    if (!normalizeSaudiMobile(draft.customerPhone)) errors.customerPhone = 'create.errors.phone';
    if (!draft.customerCity) errors.customerCity = 'create.errors.city';
    if (draft.customerAddress.trim().length < LIMITS.addressMin)
      errors.customerAddress = 'create.errors.address';
    if (draft.latitude === null || draft.longitude === null) errors.location = 'create.errors.location';
  }
  if (step === 2) {
    if (!draft.deviceType) errors.deviceType = 'create.errors.deviceType';
    if (!draft.brand.trim()) errors.brand = 'create.errors.brand';
    if (draft.problemDescription.trim().length < LIMITS.problemMin) {
      errors.problemDescription = 'create.errors.problem';
    }
    if (!draft.preferredTimeSlot) errors.preferredTimeSlot = 'create.errors.timeSlot';
  }
  if (step === 3) {
    if (!draft.warrantyStatus) errors.warrantyStatus = 'create.errors.warranty';
    if (draft.warrantyStatus === 'yes' && invoicePhoto) {
      if (!INVOICE_PHOTO_TYPES.includes(invoicePhoto.type)) errors.invoicePhoto = 'create.errors.photoType';
      else if (invoicePhoto.size > LIMITS.maxAttachmentBytes) errors.invoicePhoto = 'create.errors.photoSize';
    }
  }
  return errors;
}

export const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

/** The first step with a problem, or null when the whole draft is ready to send. */
export function firstIncompleteStep(draft: Draft): Step | null {
  return STEPS.find((step) => hasErrors(validateStep(step, draft))) ?? null;
}

export function toNewTicket(draft: Draft): NewTicket {
  if (!draft.deviceType || !draft.preferredTimeSlot || !draft.warrantyStatus) {
    throw new Error('the draft is not complete');
  }
  const withWarranty = draft.warrantyStatus === 'yes';
  return {
    customerName: draft.customerName.trim(),
    customerPhone: normalizeSaudiMobile(draft.customerPhone) ?? draft.customerPhone,
    customerCity: draft.customerCity,
    customerAddress: draft.customerAddress.trim(),
    latitude: draft.latitude ?? 0,
    longitude: draft.longitude ?? 0,
    deviceType: draft.deviceType,
    brand: draft.brand.trim(),
    model: draft.model.trim() || undefined,
    problemDescription: draft.problemDescription.trim(),
    preferredTimeSlot: draft.preferredTimeSlot,
    warrantyStatus: draft.warrantyStatus,
    invoiceNumber: withWarranty ? draft.invoiceNumber.trim() || undefined : undefined,
    serialNumber: withWarranty ? draft.serialNumber.trim() || undefined : undefined,
  };
}

/** "body.customerPhone" (a server validation issue) → the wizard's field. */
export function fieldOfIssuePath(path: string): DraftField | null {
  const name = path.split('.')[1] ?? '';
  return Object.hasOwn(FIELD_STEP, name) ? (name as DraftField) : null;
}

const DRAFT_KEY = 'fieldline.createDraft';

export function loadDraft(): Draft {
  try {
    const stored = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Partial<Draft> | null;
    if (!stored || typeof stored !== 'object') return EMPTY_DRAFT;
    const draft = { ...EMPTY_DRAFT };
    for (const key of Object.keys(EMPTY_DRAFT) as Array<keyof Draft>) {
      const value = stored[key];
      const expected = key === 'latitude' || key === 'longitude' ? 'number' : 'string';
      if (typeof value === expected) (draft as Record<string, unknown>)[key] = value;
    }
    return draft;
  } catch {
    return EMPTY_DRAFT;
  }
}

export function saveDraft(draft: Draft): void {
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // Without storage a reload starts over; the wizard itself still works.
  }
}

export function clearDraft(): void {
  try {
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing to clear.
  }
}

/** The ticket just created, so the success page survives a reload. */
const CREATED_KEY = 'fieldline.createdTicket';

export function rememberCreated(ticket: { ticketNumber: string; trackingToken: string }): void {
  try {
    sessionStorage.setItem(CREATED_KEY, JSON.stringify(ticket));
  } catch {
    // The success page then shows what navigation handed it only.
  }
}

export function lastCreated(): { ticketNumber: string; trackingToken: string } | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(CREATED_KEY) ?? 'null') as {
      ticketNumber?: unknown;
      trackingToken?: unknown;
    } | null;
    return typeof value?.ticketNumber === 'string' && typeof value.trackingToken === 'string'
      ? { ticketNumber: value.ticketNumber, trackingToken: value.trackingToken }
      : null;
  } catch {
    return null;
  }
}
