// Upload types are decided by the bytes, never by the client's filename or declared mimetype.
import { fileTypeFromBuffer } from 'file-type';

export const ALLOWED_UPLOAD_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
} as const;

export type AllowedMimeType = keyof typeof ALLOWED_UPLOAD_TYPES;

export function isAllowedMimeType(mime: string): mime is AllowedMimeType {
  return Object.hasOwn(ALLOWED_UPLOAD_TYPES, mime);
}

/**
 * Detects the type by magic bytes (file-type) and returns it only when it is in the allow-list.
 * Anything else — HTML, SVG, text, executables, HEIC/HEIF sequences, unrecognised bytes — gives null.
 */
export async function detectAllowedType(
  bytes: Buffer,
): Promise<{ mimeType: AllowedMimeType; extension: string } | null> {
  if (bytes.length === 0) return null;
  let detected: Awaited<ReturnType<typeof fileTypeFromBuffer>>;
  try {
    detected = await fileTypeFromBuffer(bytes);
  } catch {
    // A malformed file can make a detector throw: treat it as "not an allowed type".
    return null;
  }
  if (!detected || !isAllowedMimeType(detected.mime)) return null;
  return { mimeType: detected.mime, extension: ALLOWED_UPLOAD_TYPES[detected.mime] };
}
