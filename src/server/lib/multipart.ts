// Reads a multipart/form-data request into text fields and in-memory files whose type was checked by bytes.
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { type AllowedMimeType, detectAllowedType } from './file-types';

export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: AllowedMimeType;
  extension: string;
  size: number;
  bytes: Buffer;
}

export interface MultipartResult {
  fields: Record<string, string[]>;
  files: UploadedFile[];
}

export const UPLOAD_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxFiles: 12,
  maxFieldBytes: 64 * 1024,
  maxFields: 50,
} as const;

const MAX_FILENAME_CHARS = 200;
const DEFAULT_FILENAME = 'upload';
const NOT_ALLOWED_MESSAGE = 'File type not allowed: only JPEG, PNG, WebP, HEIC and PDF are accepted.';

const LIMIT_CODES = new Set([
  'FST_REQ_FILE_TOO_LARGE',
  'FST_FILES_LIMIT',
  'FST_PARTS_LIMIT',
  'FST_FIELDS_LIMIT',
]);

/** 'photos[]' and 'photos' are the same field. */
function normaliseName(name: string): string {
  return name.endsWith('[]') ? name.slice(0, -2) : name;
}

// C0/C1 controls plus the bidirectional overrides and isolates that can disguise a name ("gpj.exe").
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The client's filename, kept only as display text. */
export function sanitiseFilename(raw: string | undefined): string {
  if (!raw) return DEFAULT_FILENAME;
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = Array.from(base.replace(UNSAFE_CHARS, '').trim())
    .slice(0, MAX_FILENAME_CHARS)
    .join('')
    .trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? DEFAULT_FILENAME : cleaned;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Turns an error raised by @fastify/multipart or busboy while parsing into an AppError. */
function parsingError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = errorCode(error);
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('payload_too_large', 'A file is larger than the upload limit.', {
      limitBytes: UPLOAD_LIMITS.maxFileBytes,
    });
  }
  if (code === 'FST_FILES_LIMIT') {
    return new AppError('payload_too_large', 'Too many files in one request.', {
      limit: UPLOAD_LIMITS.maxFiles,
    });
  }
  if (code === 'FST_FIELDS_LIMIT') {
    return new AppError('payload_too_large', 'Too many form fields in one request.', {
      limit: UPLOAD_LIMITS.maxFields,
    });
  }
  if (code && LIMIT_CODES.has(code)) {
    return new AppError('payload_too_large', 'The multipart request has too many parts.');
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new AppError('unsupported_media_type', 'Expected a multipart/form-data request.');
  }
  // Malformed bodies (missing boundary, truncated parts, prototype names, bad JSON fields, early close).
  return new AppError('bad_request', 'The multipart request could not be read.');
}

function fileTooLarge(field: string): AppError {
  return new AppError('payload_too_large', `The file in '${field}' is larger than the upload limit.`, {
    field,
    limitBytes: UPLOAD_LIMITS.maxFileBytes,
  });
}

/**
 * Buffers one file part, keeping at most maxFileBytes in memory. The stream is read to its end even when too
 * large (busboy discards the excess) so the parser can move on and the client gets the error response.
 */
async function bufferFile(part: MultipartFile, field: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  try {
    for await (const chunk of part.file) {
      const data = chunk as Buffer;
      size += data.length;
      if (size > UPLOAD_LIMITS.maxFileBytes) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (!tooLarge) chunks.push(data);
    }
  } catch (error) {
    if (errorCode(error) === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(field);
    throw parsingError(error);
  }
  if (tooLarge || part.file.truncated) throw fileTooLarge(field);
  return Buffer.concat(chunks, size);
}

/**
 * Reads every part of a multipart/form-data request. Text fields are collected as arrays of strings, files are
 * buffered in memory and accepted only when their bytes are JPEG, PNG, WebP, HEIC/HEIF or PDF. Nothing is written
 * to disk here.
 */
export async function readMultipart(
  request: FastifyRequest,
  opts: { allowedFileFields: readonly string[] },
): Promise<MultipartResult> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Expected a multipart/form-data request.', {});
  }
  const allowed = new Set(opts.allowedFileFields.map(normaliseName));
  const fields: Record<string, string[]> = {};
  const files: UploadedFile[] = [];
  let fieldCount = 0;

  let parts: AsyncIterableIterator<Multipart>;
  try {
    parts = request.parts();
  } catch (error) {
    throw parsingError(error);
  }

  while (true) {
    let next: IteratorResult<Multipart>;
    try {
      next = await parts.next();
    } catch (error) {
      throw parsingError(error);
    }
    if (next.done) break;
    const part = next.value;
    const name = normaliseName(part.fieldname);
    // @fastify/multipart refuses 'constructor' etc., but not 'constructor[]' which normalises to it.
    if (name in Object.prototype) {
      if (part.type === 'file') part.file.resume();
      throw new AppError('bad_request', 'Invalid form field name.', { field: name });
    }

    if (part.type === 'field') {
      fieldCount += 1;
      if (fieldCount > UPLOAD_LIMITS.maxFields) {
        throw new AppError('payload_too_large', 'Too many form fields in one request.', {
          limit: UPLOAD_LIMITS.maxFields,
        });
      }
      // A part declared as application/json arrives already parsed: hand the route the text back.
      const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
      if (part.valueTruncated || Buffer.byteLength(value) > UPLOAD_LIMITS.maxFieldBytes) {
        throw new AppError('payload_too_large', `The field '${name}' is too long.`, {
          field: name,
          limitBytes: UPLOAD_LIMITS.maxFieldBytes,
        });
      }
      if (part.fieldnameTruncated) throw new AppError('bad_request', 'A form field name is too long.');
      const values = fields[name];
      if (values) values.push(value);
      else fields[name] = [value];
      continue;
    }

    if (!allowed.has(name)) {
      part.file.resume();
      throw new AppError('validation_failed', `Files are not accepted in the field '${name}'.`, {
        field: name,
      });
    }
    if (files.length >= UPLOAD_LIMITS.maxFiles) {
      part.file.resume();
      throw new AppError('payload_too_large', 'Too many files in one request.', {
        limit: UPLOAD_LIMITS.maxFiles,
      });
    }

    const bytes = await bufferFile(part, name);
    const filename = sanitiseFilename(part.filename);
    if (bytes.length === 0) {
      throw new AppError('validation_failed', `The file in '${name}' is empty.`, { field: name });
    }
    const type = await detectAllowedType(bytes);
    if (!type) {
      throw new AppError('unsupported_media_type', NOT_ALLOWED_MESSAGE, { field: name, filename });
    }
    files.push({
      field: name,
      filename,
      mimeType: type.mimeType,
      extension: type.extension,
      size: bytes.length,
      bytes,
    });
  }

  return { fields, files };
}

/** The first value of a text field, or undefined. */
export function field(result: MultipartResult, name: string): string | undefined {
  const key = normaliseName(name);
  return Object.hasOwn(result.fields, key) ? result.fields[key]?.[0] : undefined;
}

/** Every file uploaded under a field ('photos' and 'photos[]' alike). */
export function filesOf(result: MultipartResult, name: string): UploadedFile[] {
  const key = normaliseName(name);
  return result.files.filter((file) => file.field === key);
}
