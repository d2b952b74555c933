// The one way the technician portal performs a workflow action or uploads a photo. Every modal,
// the action bar and the attachments section call performAction(), so the offline queue can take
// these calls over in one place. JSON when no file goes along, multipart (with upload progress)
// otherwise; the server checks every rule again and its refusal comes back as an ApiError.
import type { z } from 'zod';
import type {
  attachmentResponse,
  requestPartsResponse,
  taskResponse,
} from '../../../../server/modules/technician/technician.schemas';
import { apiRequest } from '../../../api/client';
import { enqueueOrPerform } from '../offline/queue';
import type { Task, TechnicianAction } from './tasks';
import { type ProgressListener, uploadRequest } from './upload';

/** Workflow actions with a technician endpoint, plus adding an attachment to the task. */
export type PerformableAction =
  | Extract<
      TechnicianAction,
      | 'schedule'
      | 'start_trip'
      | 'arrive'
      | 'start_inspection'
      | 'complete_diagnosis'
      | 'start_repair'
      | 'request_parts'
      | 'mark_not_fixed'
      | 'pickup_device'
      | 'mark_completed'
      | 'deliver_device'
      | 'parts_received'
    >
  | 'add_attachment';

const ENDPOINTS: Record<PerformableAction, string> = {
  schedule: 'schedule',
  start_trip: 'start-trip',
  arrive: 'arrive',
  start_inspection: 'start-inspection',
  complete_diagnosis: 'complete-diagnosis',
  start_repair: 'start-repair',
  request_parts: 'request-parts',
  mark_not_fixed: 'not-fixed',
  pickup_device: 'pickup-device',
  mark_completed: 'complete-repair',
  deliver_device: 'deliver-device',
  parts_received: 'parts-received',
  add_attachment: 'attachments',
};

/** Actions whose endpoint takes only JSON (or nothing). */
const JSON_ONLY = new Set<PerformableAction>([
  'schedule',
  'start_trip',
  'arrive',
  'complete_diagnosis',
  'start_repair',
  'deliver_device',
  'parts_received',
]);

export const isPerformable = (
  action: TechnicianAction,
): action is Exclude<PerformableAction, 'add_attachment'> => action in ENDPOINTS;

export type InputValue = string | number | boolean | readonly string[] | null | undefined;

/** A photo and the form field it goes in (photos, serialPhotos, additionalPhotos, evidencePhoto, file). */
export interface ActionPhoto {
  field: string;
  file: Blob;
  name?: string;
}

export interface PerformActionOptions {
  ticketId: string;
  action: PerformableAction;
  input?: Record<string, InputValue>;
  photos?: readonly ActionPhoto[];
  onProgress?: ProgressListener;
}

export interface ActionResult {
  /** Sent later: no connection now (see offline/queue.ts). */
  queued?: boolean;
  task?: Task;
  attachment?: z.infer<typeof attachmentResponse>['attachment'];
  partsRequest?: z.infer<typeof requestPartsResponse>['partsRequest'];
}

function jsonOf(input: Record<string, InputValue>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined && value !== null && value !== '') body[name] = value;
  }
  return body;
}

function formOf(input: Record<string, InputValue>, photos: readonly ActionPhoto[]): FormData {
  const form = new FormData();
  // Text fields first: the server reads the fields before it stores the files.
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) form.append(name, item);
    else form.append(name, String(value));
  }
  for (const photo of photos) {
    const name = photo.name ?? (photo.file instanceof File ? photo.file.name : 'photo.jpg');
    form.append(photo.field, photo.file, name);
  }
  return form;
}

export async function performAction(opts: PerformActionOptions): Promise<ActionResult> {
  const path = `/technician/tasks/${encodeURIComponent(opts.ticketId)}/${ENDPOINTS[opts.action]}`;
  const input = opts.input ?? {};
  const photos = opts.photos ?? [];
  if (photos.length > 0 && JSON_ONLY.has(opts.action)) {
    throw new Error(`${opts.action} takes no photos`);
  }
  const multipart = photos.length > 0 || opts.action === 'add_attachment';
  // Offline (or behind actions still waiting to be sent) the action joins the offline queue.
  const outcome = await enqueueOrPerform(
    {
      ticketId: opts.ticketId,
      action: opts.action,
      path,
      input,
      photos: photos.map((photo) => ({
        field: photo.field,
        file: photo.file,
        name: photo.name ?? (photo.file instanceof File ? photo.file.name : 'photo.jpg'),
      })),
      multipart,
    },
    (headers) =>
      multipart
        ? uploadRequest<ActionResult>(path, formOf(input, photos), opts.onProgress, headers)
        : apiRequest<z.infer<typeof taskResponse>>(path, {
            method: 'POST',
            body: jsonOf(input),
            auth: true,
            headers,
          }),
  );
  return outcome.queued ? { queued: true } : outcome.result;
}
