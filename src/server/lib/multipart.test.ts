import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { field, filesOf, readMultipart, sanitiseFilename, UPLOAD_LIMITS } from './multipart';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
  0x00, 0x00, 0xff, 0xd9,
]);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const HTML = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

const MB10 = 10 * 1024 * 1024;

/** A PNG signature followed by padding, `size` bytes in all. */
function pngOfSize(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  PNG.copy(bytes);
  return bytes;
}

type Limits = { fileSize: number; files: number; fieldSize: number; fields: number };
const APP_LIMITS: Limits = {
  fileSize: UPLOAD_LIMITS.maxFileBytes,
  files: UPLOAD_LIMITS.maxFiles,
  fieldSize: UPLOAD_LIMITS.maxFieldBytes,
  fields: UPLOAD_LIMITS.maxFields,
};

const apps: FastifyInstance[] = [];

async function buildTestApp(options: { throwFileSizeLimit?: boolean; limits?: Limits } = {}) {
  const app = Fastify({ logger: false });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof AppError) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    return reply.status(500).send({ error: { code: 'internal', message: String(error), details: {} } });
  });
  await app.register(multipart, {
    throwFileSizeLimit: options.throwFileSizeLimit ?? true,
    limits: options.limits ?? APP_LIMITS,
  });
  app.post('/', async (request) => {
    const result = await readMultipart(request, { allowedFileFields: ['photos', 'document[]'] });
    return {
      fields: result.fields,
      title: field(result, 'title') ?? null,
      photoCount: filesOf(result, 'photos[]').length,
      files: result.files.map(({ bytes, ...file }) => ({ ...file, bytesMatch: bytes.length === file.size })),
    };
  });
  apps.push(app);
  return app;
}

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
});

function blob(bytes: Buffer, type: string): Blob {
  return new Blob([new Uint8Array(bytes)], { type });
}

type RawPart = { name: string; filename?: string; contentType?: string; data: Buffer | string };

/** A multipart body built by hand, for headers FormData would not produce. */
function rawMultipart(parts: RawPart[]) {
  const boundary = '----fieldline-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let header = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) header += `; filename="${part.filename}"`;
    if (part.contentType) header += `\r\nContent-Type: ${part.contentType}`;
    chunks.push(Buffer.from(`${header}\r\n\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('readMultipart', () => {
  it('collects text fields, merging "name" and "name[]"', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('title', 'Boiler leaking');
    form.append('tags', 'urgent');
    form.append('tags[]', 'water');
    form.append('note', '');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      fields: { title: ['Boiler leaking'], tags: ['urgent', 'water'], note: [''] },
      title: 'Boiler leaking',
      files: [],
    });
  });

  it('collects repeated "photos" and "photos[]" files under "photos", typed by their bytes', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('photos', blob(PNG, 'image/png'), 'first.png');
    form.append('photos[]', blob(JPEG, 'image/jpeg'), 'second.jpg');
    form.append('photos[]', blob(PNG, 'application/octet-stream'), 'third.bin');
    form.append('document', blob(PDF, 'application/pdf'), 'report.pdf');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.photoCount).toBe(3);
    expect(body.files).toEqual([
      {
        field: 'photos',
        filename: 'first.png',
        mimeType: 'image/png',
        extension: 'png',
        size: PNG.length,
        bytesMatch: true,
      },
      {
        field: 'photos',
        filename: 'second.jpg',
        mimeType: 'image/jpeg',
        extension: 'jpg',
        size: JPEG.length,
        bytesMatch: true,
      },
      {
        field: 'photos',
        filename: 'third.bin',
        mimeType: 'image/png',
        extension: 'png',
        size: PNG.length,
        bytesMatch: true,
      },
      {
        field: 'document',
        filename: 'report.pdf',
        mimeType: 'application/pdf',
        extension: 'pdf',
        size: PDF.length,
        bytesMatch: true,
      },
    ]);
  });

  it('ignores the declared type and name: a PNG called x.pdf is a PNG', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('document', blob(PNG, 'application/pdf'), 'x.pdf');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(200);
    expect(response.json().files[0]).toMatchObject({
      filename: 'x.pdf',
      mimeType: 'image/png',
      extension: 'png',
    });
  });

  it('refuses HTML named x.jpg declared as image/jpeg with 415', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('photos', blob(HTML, 'image/jpeg'), 'x.jpg');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'File type not allowed: only JPEG, PNG, WebP, HEIC and PDF are accepted.',
        details: { field: 'photos', filename: 'x.jpg' },
      },
    });
  });

  it('refuses an SVG even with an image content type', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append(
      'photos',
      blob(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'),
      'a.png',
    );
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(415);
  });

  it('accepts a file of exactly 10 MB', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('photos', blob(pngOfSize(MB10), 'image/png'), 'big.png');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(200);
    expect(response.json().files[0].size).toBe(MB10);
  });

  it.each([
    ['throwFileSizeLimit: true', { throwFileSizeLimit: true }],
    ['throwFileSizeLimit: false', { throwFileSizeLimit: false }],
    ['a higher plugin limit', { limits: { ...APP_LIMITS, fileSize: 50 * 1024 * 1024 } }],
  ])('refuses a 10 MB + 1 byte file with 413 (%s)', async (_label, options) => {
    const app = await buildTestApp(options);
    const form = new FormData();
    form.append('title', 'before');
    form.append('photos', blob(pngOfSize(MB10 + 1), 'image/png'), 'huge.png');
    form.append('title', 'after');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'payload_too_large',
      details: { field: 'photos', limitBytes: MB10 },
    });
  });

  it('refuses a file under a field that does not take files with 400', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('photos', blob(PNG, 'image/png'), 'ok.png');
    form.append('avatar', blob(PNG, 'image/png'), 'me.png');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation_failed', details: { field: 'avatar' } });
  });

  it('refuses an empty file with 400', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('photos', blob(Buffer.alloc(0), 'image/png'), 'empty.png');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation_failed', details: { field: 'photos' } });
  });

  it('refuses a JSON body with 415', async () => {
    const app = await buildTestApp();
    const response = await app.inject({ method: 'POST', url: '/', payload: { title: 'not multipart' } });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({ code: 'unsupported_media_type', details: {} });
  });

  it.each([
    ['the plugin limit', APP_LIMITS],
    ['its own count', { ...APP_LIMITS, files: 100 }],
  ])('refuses more than 12 files with 413 (%s)', async (_label, limits) => {
    const app = await buildTestApp({ limits });
    const form = new FormData();
    for (let i = 0; i <= UPLOAD_LIMITS.maxFiles; i++)
      form.append('photos', blob(PNG, 'image/png'), `p${i}.png`);
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('accepts exactly 12 files', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    for (let i = 0; i < UPLOAD_LIMITS.maxFiles; i++)
      form.append('photos', blob(PNG, 'image/png'), `p${i}.png`);
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(200);
    expect(response.json().photoCount).toBe(UPLOAD_LIMITS.maxFiles);
  });

  it.each([
    ['the plugin limit', APP_LIMITS],
    ['its own check', { ...APP_LIMITS, fieldSize: 1024 * 1024 }],
  ])('refuses a text field over 64 KB with 413 (%s)', async (_label, limits) => {
    const app = await buildTestApp({ limits });
    const form = new FormData();
    form.append('description', 'x'.repeat(UPLOAD_LIMITS.maxFieldBytes + 1));
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'payload_too_large',
      details: { field: 'description' },
    });
  });

  it.each([
    ['the plugin limit', APP_LIMITS],
    ['its own count', { ...APP_LIMITS, fields: 1000 }],
  ])('refuses more than 50 text fields with 413 (%s)', async (_label, limits) => {
    const app = await buildTestApp({ limits });
    const form = new FormData();
    for (let i = 0; i <= UPLOAD_LIMITS.maxFields; i++) form.append('tags', `t${i}`);
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('keeps the filename only as display text', async () => {
    const app = await buildTestApp();
    const body = rawMultipart([
      { name: 'photos', filename: '../../etc/pass\x07wd.png', contentType: 'image/png', data: PNG },
      { name: 'photos', filename: `${'a'.repeat(300)}.png`, contentType: 'image/png', data: PNG },
      { name: 'photos', filename: '', contentType: 'image/png', data: PNG },
    ]);
    const response = await app.inject({ method: 'POST', url: '/', ...body });
    expect(response.statusCode).toBe(200);
    const names = response.json().files.map((file: { filename: string }) => file.filename);
    expect(names[0]).toBe('passwd.png');
    expect(names[1]).toHaveLength(200);
    expect(names[2]).toBe('upload');
  });

  it('refuses field names that would shadow Object.prototype', async () => {
    const app = await buildTestApp();
    const form = new FormData();
    form.append('constructor[]', 'x');
    const response = await app.inject({ method: 'POST', url: '/', body: form });
    expect(response.statusCode).toBe(400);
  });

  it('answers 400 for a malformed multipart body', async () => {
    const app = await buildTestApp();
    const missingBoundary = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'hello',
    });
    expect(missingBoundary.statusCode).toBe(400);

    const truncated = rawMultipart([
      { name: 'photos', filename: 'a.png', contentType: 'image/png', data: PNG },
    ]);
    const cut = await app.inject({
      method: 'POST',
      url: '/',
      headers: truncated.headers,
      payload: truncated.payload.subarray(0, truncated.payload.length - 30),
    });
    expect(cut.statusCode).toBe(400);
  });
});

describe('sanitiseFilename', () => {
  it('strips paths, control and bidi characters, and limits the length', () => {
    expect(sanitiseFilename('C:\\Users\\me\\photo.jpg')).toBe('photo.jpg');
    expect(sanitiseFilename('/tmp/../x.png')).toBe('x.png');
    expect(sanitiseFilename('in\u0000vo\u001bice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(sanitiseFilename('  spaced.pdf  ')).toBe('spaced.pdf');
    expect(sanitiseFilename('😀'.repeat(250))).toBe('😀'.repeat(200));
    expect(sanitiseFilename(undefined)).toBe('upload');
    expect(sanitiseFilename('')).toBe('upload');
    expect(sanitiseFilename('dir/')).toBe('upload');
    expect(sanitiseFilename('..')).toBe('upload');
    expect(sanitiseFilename('\u0001\u0002')).toBe('upload');
  });
});

describe('field / filesOf', () => {
  const result = {
    fields: { title: ['first', 'second'] },
    files: [
      {
        field: 'photos',
        filename: 'a.png',
        mimeType: 'image/png' as const,
        extension: 'png',
        size: 1,
        bytes: PNG,
      },
    ],
  };

  it('returns the first value or undefined, and the files of a field', () => {
    expect(field(result, 'title')).toBe('first');
    expect(field(result, 'missing')).toBeUndefined();
    expect(field(result, 'constructor')).toBeUndefined();
    expect(filesOf(result, 'photos')).toHaveLength(1);
    expect(filesOf(result, 'photos[]')).toHaveLength(1);
    expect(filesOf(result, 'document')).toEqual([]);
  });
});
