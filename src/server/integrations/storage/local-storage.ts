// FileStorage on a local directory: temp file + fsync + rename, so a key never points at half a file.
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors';
import { type Clock, systemClock } from '../../lib/clock';
import type { FileStorage, StoredObject } from './storage';

const TEMP_DIR = '.tmp';
const EXTENSION = /^[a-z0-9]{1,10}$/;
const MAX_KEY_LENGTH = 512;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function normaliseExtension(extension: string): string {
  const bare = extension.startsWith('.') ? extension.slice(1) : extension;
  if (bare === '') return '';
  if (!EXTENSION.test(bare)) throw new AppError('bad_request', 'Invalid file extension.', { extension });
  return `.${bare}`;
}

export function createLocalStorage(opts: { directory: string; clock?: Clock }): FileStorage {
  const root = path.resolve(opts.directory);
  const clock = opts.clock ?? systemClock;

  /** Maps a key to a path inside root, refusing anything that could escape it. */
  function pathOf(key: string): string {
    if (
      typeof key !== 'string' ||
      key.length === 0 ||
      key.length > MAX_KEY_LENGTH ||
      key.includes('..') ||
      key.startsWith('/') ||
      key.includes('\\') ||
      key.includes('\0')
    ) {
      throw new AppError('bad_request', 'Invalid storage key.');
    }
    const full = path.resolve(root, key);
    if (!full.startsWith(`${root}${path.sep}`)) throw new AppError('bad_request', 'Invalid storage key.');
    return full;
  }

  return {
    async put({ bytes, extension }): Promise<StoredObject> {
      const ext = normaliseExtension(extension);
      const now = clock.now();
      const yyyy = String(now.getUTCFullYear()).padStart(4, '0');
      const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
      const key = `${yyyy}/${mm}/${randomUUID()}${ext}`;
      const target = pathOf(key);
      // The temp directory sits under root, so the rename stays on one filesystem and is atomic.
      const tempDir = path.join(root, TEMP_DIR);
      const temp = path.join(tempDir, `${randomUUID()}.part`);

      await Promise.all([
        mkdir(path.dirname(target), { recursive: true }),
        mkdir(tempDir, { recursive: true }),
      ]);
      try {
        const handle = await open(temp, 'wx', 0o640);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      return { key, size: bytes.length };
    },

    async read(key: string): Promise<NodeJS.ReadableStream> {
      const full = pathOf(key);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(full, 'r');
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
          throw new AppError('not_found', 'File not found.');
        }
        throw error;
      }
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) throw new AppError('not_found', 'File not found.');
      } catch (error) {
        await handle.close();
        throw error;
      }
      // The stream owns the handle from here and closes it when it ends or is destroyed.
      return handle.createReadStream();
    },

    async delete(key: string): Promise<void> {
      const full = pathOf(key);
      try {
        await unlink(full);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return;
        throw error;
      }
    },
  };
}
