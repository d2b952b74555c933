import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createManualClock } from '../../lib/clock';
import { createLocalStorage } from './local-storage';

const directories: string[] = [];
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'fieldline-storage-'));
  directories.push(root);
});

afterAll(async () => {
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function expectAppError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

/** Every file under a directory, relative paths with '/' separators. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describe('createLocalStorage', () => {
  it('round-trips bytes under a yyyy/mm/uuid.ext key', async () => {
    const clock = createManualClock(new Date('2025-03-09T23:59:00Z'));
    const storage = createLocalStorage({ directory: root, clock });
    const bytes = Buffer.from('%PDF-1.4 some report');

    const stored = await storage.put({ bytes, extension: 'pdf' });

    expect(stored.size).toBe(bytes.length);
    expect(stored.key).toMatch(
      /^2025\/03\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.pdf$/,
    );
    expect(await text(await storage.read(stored.key))).toBe(bytes.toString());
    expect(await readFile(path.join(root, stored.key))).toEqual(bytes);
  });

  it('round-trips binary data byte for byte', async () => {
    const storage = createLocalStorage({ directory: root });
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    const stored = await storage.put({ bytes, extension: '.png' });
    expect(stored.key).toMatch(/\.png$/);
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.read(stored.key)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('generates a fresh key each time, never from a client filename', async () => {
    const storage = createLocalStorage({ directory: root });
    // What a route has after readMultipart: the client's name is display text only, never passed to put.
    const upload = { filename: '../../holiday photo.jpg', extension: 'jpg', bytes: Buffer.from('a') };
    const first = await storage.put({ bytes: upload.bytes, extension: upload.extension });
    const second = await storage.put({ bytes: upload.bytes, extension: upload.extension });
    expect(first.key).not.toBe(second.key);
    for (const { key } of [first, second]) {
      expect(key).not.toContain('holiday');
      expect(key).not.toContain('..');
      expect(key).not.toContain(' ');
    }
    const files = await listFiles(root);
    expect(files.sort()).toEqual([first.key, second.key].sort());
  });

  it('leaves no temp file behind after a put', async () => {
    const storage = createLocalStorage({ directory: root });
    await storage.put({ bytes: Buffer.alloc(1024, 7), extension: 'webp' });
    const leftovers = (await listFiles(root)).filter((file) => file.startsWith('.tmp/'));
    expect(leftovers).toEqual([]);
  });

  it('creates the directory lazily, recursively', async () => {
    const nested = path.join(root, 'not', 'yet', 'there');
    const storage = createLocalStorage({ directory: nested });
    await expect(stat(nested)).rejects.toThrow();
    const stored = await storage.put({ bytes: Buffer.from('x'), extension: 'heic' });
    expect((await stat(path.join(nested, stored.key))).isFile()).toBe(true);
  });

  it('refuses an extension that is not a plain token', async () => {
    const storage = createLocalStorage({ directory: root });
    await expectAppError(storage.put({ bytes: Buffer.from('x'), extension: '../../x' }), 'bad_request');
    await expectAppError(storage.put({ bytes: Buffer.from('x'), extension: 'p/ng' }), 'bad_request');
  });

  it.each([
    '../secret.txt',
    '2025/03/../../../etc/passwd',
    '..',
    '/etc/passwd',
    '2025\\03\\file.png',
    '..\\file.png',
    '',
    '.',
    'a\0b',
  ])('refuses the key %j', async (key) => {
    const storage = createLocalStorage({ directory: root });
    await expectAppError(storage.read(key), 'bad_request');
    await expectAppError(storage.delete(key), 'bad_request');
  });

  it('reads a missing key as not_found', async () => {
    const storage = createLocalStorage({ directory: root });
    await expectAppError(storage.read('2025/01/00000000-0000-4000-8000-000000000000.png'), 'not_found');
    await expectAppError(
      createLocalStorage({ directory: path.join(root, 'absent') }).read('a.png'),
      'not_found',
    );
  });

  it('reads a directory or a path through a file as not_found', async () => {
    const storage = createLocalStorage({ directory: root });
    const stored = await storage.put({ bytes: Buffer.from('x'), extension: 'jpg' });
    await expectAppError(storage.read(stored.key.split('/')[0] ?? ''), 'not_found');
    await expectAppError(storage.read(`${stored.key}/child`), 'not_found');
  });

  it('deletes idempotently', async () => {
    const storage = createLocalStorage({ directory: root });
    const stored = await storage.put({ bytes: Buffer.from('bye'), extension: 'jpg' });
    await storage.delete(stored.key);
    await expectAppError(storage.read(stored.key), 'not_found');
    await expect(storage.delete(stored.key)).resolves.toBeUndefined();
    await expect(storage.delete('1999/01/never-existed.jpg')).resolves.toBeUndefined();
  });
});
