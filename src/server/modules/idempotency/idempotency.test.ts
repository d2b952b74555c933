// Idempotency-Key on the technician's action routes: a retried action after a lost answer is
// answered again and applied once; a refused action frees the key; keys are per user and per route.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys } from '../../db/schema';
import {
  attachmentRowsOf,
  type Crew,
  form,
  historyOf,
  setupCrew,
  taskAt,
  ticketRow,
} from '../technician/technician.fixtures';
import { ABANDONED_AFTER_MS } from './idempotency';

let crew: Crew;
const GPS = { latitude: 24.7, longitude: 46.6 };

beforeAll(async () => {
  crew = await setupCrew();
});
afterAll(async () => {
  await crew?.t.close();
});

type Who = 'technician' | 'other';
function post(path: string, who: Who, key: string | undefined, body?: Record<string, unknown> | FormData) {
  const headers = { ...crew.headers[who], ...(key === undefined ? {} : { 'idempotency-key': key }) };
  const url = `/api/v1/technician${path}`;
  return body instanceof FormData
    ? crew.t.app.inject({ method: 'POST', url, headers, body })
    : crew.t.app.inject({ method: 'POST', url, headers, payload: body });
}

const keyRow = async (key: string) =>
  (await crew.t.ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)))[0];

describe('Idempotency-Key', () => {
  it('answers a retry with the first answer and applies the action once', async () => {
    const id = await taskAt(crew, 'scheduled');
    const key = crypto.randomUUID();
    const first = await post(`/tasks/${id}/start-trip`, 'technician', key, GPS);
    expect(first.statusCode).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const history = await historyOf(crew, id);
    const again = await post(`/tasks/${id}/start-trip`, 'technician', key, GPS);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await historyOf(crew, id)).toHaveLength(history.length);
    // Without the key the same request is a new one, and the workflow refuses it.
    const fresh = await post(`/tasks/${id}/start-trip`, 'technician', undefined, GPS);
    expect(fresh.statusCode).toBe(409);
  });

  it('replays a multipart action without storing its photos twice', async () => {
    const id = await taskAt(crew, 'arrived');
    const key = crypto.randomUUID();
    const first = await post(`/tasks/${id}/start-inspection`, 'technician', key, form({}, { photos: 2 }));
    expect(first.statusCode).toBe(200);
    const again = await post(`/tasks/${id}/start-inspection`, 'technician', key, form({}, { photos: 2 }));
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await attachmentRowsOf(crew, id)).toHaveLength(2);
    expect((await ticketRow(crew, id)).status).toBe('inspecting');
  });

  it('frees the key of a refused action, so the same key may succeed later', async () => {
    const id = await taskAt(crew, 'scheduled');
    const key = crypto.randomUUID();
    const refused = await post(`/tasks/${id}/start-trip`, 'technician', key, {});
    expect(refused.statusCode).toBe(422);
    expect(await keyRow(key)).toBeUndefined();
    const ok = await post(`/tasks/${id}/start-trip`, 'technician', key, GPS);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
    expect((await keyRow(key))?.statusCode).toBe(200);
  });

  it('refuses a key reused for another route, and keeps keys apart per user', async () => {
    const id = await taskAt(crew, 'scheduled');
    const key = crypto.randomUUID();
    expect((await post(`/tasks/${id}/start-trip`, 'technician', key, GPS)).statusCode).toBe(200);
    const reused = await post(`/tasks/${id}/arrive`, 'technician', key, GPS);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.details.reason).toBe('idempotency_key_reused');
    expect((await ticketRow(crew, id)).status).toBe('on_route');
    // Another technician with the same key is not answered from the first one's row: their own
    // request runs, and the task is not theirs (404).
    const other = await post(`/tasks/${id}/start-trip`, 'other', key, GPS);
    expect(other.statusCode).toBe(404);
  });

  it('answers 409 while the first request with the key is running, and takes over an abandoned key', async () => {
    const id = await taskAt(crew, 'scheduled');
    const key = crypto.randomUUID();
    const [technician] = [crew.technician.principal];
    await crew.t.ctx.db.insert(idempotencyKeys).values({
      organizationId: crew.organizationId,
      userId: technician.userId,
      key,
      method: 'POST',
      path: `/api/v1/technician/tasks/${id}/start-trip`,
      createdAt: crew.t.clock.now(),
    });
    const running = await post(`/tasks/${id}/start-trip`, 'technician', key, GPS);
    expect(running.statusCode).toBe(409);
    expect(running.json().error.details.reason).toBe('idempotency_in_progress');
    expect((await ticketRow(crew, id)).status).toBe('scheduled');
    crew.t.clock.advance(ABANDONED_AFTER_MS + 1000);
    const taken = await post(`/tasks/${id}/start-trip`, 'technician', key, GPS);
    expect(taken.statusCode).toBe(200);
    const rows = await crew.t.ctx.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, technician.userId), eq(idempotencyKeys.key, key)));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.statusCode).toBe(200);
  });

  it('refuses a malformed key before anything runs', async () => {
    const id = await taskAt(crew, 'scheduled');
    const bad = await post(`/tasks/${id}/start-trip`, 'technician', 'short', GPS);
    expect(bad.statusCode).toBe(400);
    expect((await ticketRow(crew, id)).status).toBe('scheduled');
  });
});
