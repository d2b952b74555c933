// The technician's offline queue (issue 6 item 6). Actions and photos taken without a connection
// are kept in IndexedDB (photos as Blobs), shown as "waiting to send" and sent one by one, in the
// order they were taken, when the connection returns (the `online` event, and retries with backoff).
// Each item carries an Idempotency-Key, so a retry after a lost answer is answered from the server's
// record instead of being applied twice. When the server refuses an item (the task was reassigned
// meanwhile, say), the item moves to the "refused" list with the server's reason and the rest of the
// queue goes on.
import { ApiError, apiRequest } from '../../../api/client';
import { refreshAccessToken, signedInUser } from '../../../api/session';

export type QueueValue = string | number | boolean | readonly string[] | null | undefined;

export interface QueuedPhoto {
  field: string;
  file: Blob;
  name: string;
}

/** What to send: the API path (under /api/v1), its fields and photos, and how (JSON or multipart). */
export interface OfflineRequest {
  ticketId: string;
  /** The action's name (a workflow action or add_attachment), shown in the queue. */
  action: string;
  path: string;
  input?: Record<string, QueueValue>;
  photos?: readonly QueuedPhoto[];
  multipart: boolean;
}

export interface QueueItem extends Required<Omit<OfflineRequest, 'photos' | 'input'>> {
  id: number;
  /** The Idempotency-Key: the same on every attempt. */
  key: string;
  /** Who took it: only they send it (another person signing in on this phone does not). */
  userId: string;
  input: Record<string, QueueValue>;
  photos: QueuedPhoto[];
  createdAt: string;
  attempts: number;
}

export interface RefusedItem {
  key: string;
  userId: string;
  ticketId: string;
  action: string;
  status: number;
  message: string;
  refusedAt: string;
}

export interface QueueSnapshot {
  ready: boolean;
  pending: QueueItem[];
  refused: RefusedItem[];
  sending: boolean;
  /** When the next automatic retry runs (after a failed attempt), else null. */
  retryAt: number | null;
}

const DB_NAME = 'fieldline-offline';
const QUEUE = 'queue';
const REFUSED = 'refused';
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

// ---------------------------------------------------------------------------------------------
// IndexedDB
// ---------------------------------------------------------------------------------------------

let database: Promise<IDBDatabase> | null = null;

function openDatabase(): Promise<IDBDatabase> {
  database ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(QUEUE))
        db.createObjectStore(QUEUE, { keyPath: 'id', autoIncrement: true });
      if (!db.objectStoreNames.contains(REFUSED)) db.createObjectStore(REFUSED, { keyPath: 'key' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return database;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name: string, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await openDatabase()).transaction(name, mode).objectStore(name);
}

const readAll = async <T>(name: string): Promise<T[]> =>
  done((await store(name, 'readonly')).getAll()) as Promise<T[]>;

// ---------------------------------------------------------------------------------------------
// State shared with the UI
// ---------------------------------------------------------------------------------------------

let snapshot: QueueSnapshot = { ready: false, pending: [], refused: [], sending: false, retryAt: null };
const listeners = new Set<() => void>();
const sentListeners = new Set<(item: QueueItem) => void>();

function publish(patch: Partial<QueueSnapshot>): void {
  snapshot = { ...snapshot, ...patch };
  for (const listener of listeners) listener();
}

async function reload(): Promise<void> {
  const userId = signedInUser()?.id;
  const mine = <T extends { userId: string }>(rows: T[]) => rows.filter((row) => row.userId === userId);
  const [pending, refused] = await Promise.all([
    readAll<QueueItem>(QUEUE).then(mine),
    readAll<RefusedItem>(REFUSED).then(mine),
  ]);
  pending.sort((a, b) => a.id - b.id);
  refused.sort((a, b) => a.refusedAt.localeCompare(b.refusedAt));
  publish({ ready: true, pending, refused });
}

/** Reads the queue again (for the user signed in now) and sends what is theirs. */
export async function refreshQueueView(): Promise<void> {
  await reload();
  if (navigator.onLine && snapshot.pending.length > 0) void flushQueue();
}

export function subscribeQueue(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const queueSnapshot = (): QueueSnapshot => snapshot;

/** Called after each queued item reaches the server (the UI re-reads the task). */
export function onQueuedItemSent(listener: (item: QueueItem) => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

// ---------------------------------------------------------------------------------------------
// Queueing and sending
// ---------------------------------------------------------------------------------------------

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * The signed-in user (while the session is still being restored after a reload, once it is). Offline
 * after a reload that is the cached identity: what the technician does is theirs to send later.
 */
async function currentUserId(): Promise<string | null> {
  if (!signedInUser()) await refreshAccessToken();
  return signedInUser()?.id ?? null;
}

export async function enqueue(request: OfflineRequest, key = newIdempotencyKey()): Promise<QueueItem> {
  const userId = await currentUserId();
  if (!userId) throw new ApiError({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
  const item: Omit<QueueItem, 'id'> = {
    userId,
    ticketId: request.ticketId,
    action: request.action,
    path: request.path,
    multipart: request.multipart,
    input: { ...request.input },
    photos: (request.photos ?? []).map((photo) => ({
      field: photo.field,
      file: photo.file,
      name: photo.name,
    })),
    key,
    createdAt: new Date().toISOString(),
    attempts: 0,
  };
  const id = (await done((await store(QUEUE, 'readwrite')).add(item))) as number;
  await reload();
  return { ...item, id };
}

export async function dismissRefused(key: string): Promise<void> {
  await done((await store(REFUSED, 'readwrite')).delete(key));
  await reload();
}

function bodyOf(item: QueueItem): unknown {
  if (!item.multipart) {
    const body: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(item.input)) {
      if (value !== undefined && value !== null && value !== '') body[name] = value;
    }
    return body;
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(item.input)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const entry of value) form.append(name, entry);
    else form.append(name, String(value));
  }
  for (const photo of item.photos) form.append(photo.field, photo.file, photo.name);
  return form;
}

/** A refusal the same request will always get again: drop the item and say why. */
function isRefusal(error: ApiError): boolean {
  if (error.code === 'network' || error.status >= 500 || error.status === 401 || error.status === 429)
    return false;
  // Signed in with a temporary password: the item is sent once the technician has chosen their own.
  if (error.code === 'password_change_required') return false;
  // The first attempt with this key is still running on the server: ask again later.
  if (error.details.reason === 'idempotency_in_progress' || error.details.reason === 'idempotency_retry')
    return false;
  return error.status >= 400;
}

let flushing: Promise<void> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;

function scheduleRetry(): void {
  if (retryTimer) clearTimeout(retryTimer);
  const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 30_000;
  failures += 1;
  publish({ retryAt: Date.now() + delay });
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void flushQueue();
  }, delay);
}

async function sendFirst(): Promise<'sent' | 'refused' | 'stop' | 'empty'> {
  const items = await readAll<QueueItem>(QUEUE);
  const userId = items.length > 0 ? await currentUserId() : null;
  const item = items.filter((entry) => entry.userId === userId).sort((a, b) => a.id - b.id)[0];
  if (!item) return 'empty';
  try {
    await apiRequest(item.path, {
      method: 'POST',
      body: bodyOf(item),
      auth: true,
      headers: { 'idempotency-key': item.key },
    });
  } catch (error) {
    if (!(error instanceof ApiError) || !isRefusal(error)) {
      await done((await store(QUEUE, 'readwrite')).put({ ...item, attempts: item.attempts + 1 }));
      return 'stop';
    }
    const refused: RefusedItem = {
      key: item.key,
      userId: item.userId,
      ticketId: item.ticketId,
      action: item.action,
      status: error.status,
      message: error.message,
      refusedAt: new Date().toISOString(),
    };
    const db = await openDatabase();
    const tx = db.transaction([QUEUE, REFUSED], 'readwrite');
    tx.objectStore(QUEUE).delete(item.id);
    tx.objectStore(REFUSED).put(refused);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    for (const listener of sentListeners) listener(item);
    return 'refused';
  }
  await done((await store(QUEUE, 'readwrite')).delete(item.id));
  for (const listener of sentListeners) listener(item);
  return 'sent';
}

/** Sends the queue in order until it is empty or the connection fails (then retries with backoff). */
export function flushQueue(): Promise<void> {
  flushing ??= (async () => {
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    publish({ sending: true, retryAt: null });
    try {
      for (;;) {
        if (!navigator.onLine) return;
        const outcome = await sendFirst();
        await reload();
        if (outcome === 'empty') {
          failures = 0;
          return;
        }
        if (outcome === 'stop') {
          scheduleRetry();
          return;
        }
        failures = 0;
      }
    } finally {
      publish({ sending: false });
    }
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

export type PerformOutcome<T> = { queued: false; result: T } | { queued: true; item: QueueItem };

/**
 * Sends the request now when the phone is online and nothing is waiting before it; otherwise (or
 * when the connection fails on the way) it joins the queue. `perform` sends it directly and must
 * pass `headers` along (the Idempotency-Key, kept if the request then has to be queued). A refusal
 * by the server of a direct request is thrown as usual, for the form to show.
 */
export async function enqueueOrPerform<T>(
  request: OfflineRequest,
  perform: (headers: Record<string, string>) => Promise<T>,
): Promise<PerformOutcome<T>> {
  await startOfflineQueue();
  const key = newIdempotencyKey();
  if (navigator.onLine && snapshot.pending.length === 0) {
    try {
      return { queued: false, result: await perform({ 'idempotency-key': key }) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'network') throw error;
    }
  }
  const item = await enqueue(request, key);
  if (navigator.onLine) scheduleRetry();
  return { queued: true, item };
}

let started: Promise<void> | null = null;

/** Loads the stored queue and sends it whenever the connection comes back. Safe to call often. */
export function startOfflineQueue(): Promise<void> {
  started ??= (async () => {
    if (typeof indexedDB === 'undefined') return;
    window.addEventListener('online', () => {
      failures = 0;
      void flushQueue();
    });
    await reload();
    if (navigator.onLine && snapshot.pending.length > 0) void flushQueue();
  })();
  return started;
}
