// Ticket vocabularies shared by server and web (seed 000 §5).
export const DEVICE_TYPES = ['ac', 'washer', 'fridge', 'oven', 'dishwasher', 'other'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const WARRANTY_STATUSES = ['yes', 'no', 'unknown'] as const;
export type WarrantyStatus = (typeof WARRANTY_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * What a system note records, so each reader sees it in their own language; the note's content keeps
 * an English sentence for API clients and exports.
 */
export type SystemNoteEvent =
  | { type: 'reassigned'; from: string | null; to: string; reason: string }
  | { type: 'no_technician_for_reassign'; city: string; level: string; supervisor: string | null };
