import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/client';
import { type DownloadProgress, streamDownload } from './streamed-download';

const encoder = new TextEncoder();

/** A response whose body arrives in `chunks`, waiting for `gate` before the last one when given. */
function streamedResponse(chunks: string[], headers: Record<string, string>, gate?: Promise<void>): Response {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [index, chunk] of chunks.entries()) {
        if (gate && index === chunks.length - 1) await gate;
        controller.enqueue(encoder.encode(chunk));
      }
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers });
}

afterEach(() => vi.unstubAllGlobals());

describe('streamed download', () => {
  it('reports bytes and CSV rows as they arrive, with the total the server announced', async () => {
    const fetchMock = vi.fn(async () =>
      streamedResponse(['number,status\n', 'TK-1,new\nTK-2,', 'new\nTK-3,new\n'], {
        'content-type': 'text/csv',
        'content-disposition': 'attachment; filename="tickets-2026-11-22.csv"',
        'x-total-count': '3',
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const seen: DownloadProgress[] = [];
    const file = await streamDownload({
      path: '/admin/reports/export',
      query: { type: 'tickets', format: 'csv', dateFrom: undefined },
      signal: new AbortController().signal,
      countLines: true,
      fallbackName: 'tickets.csv',
      onProgress: (progress) => seen.push(progress),
    });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/v1/admin/reports/export?type=tickets&format=csv',
      expect.anything(),
    );
    expect(file.filename).toBe('tickets-2026-11-22.csv');
    expect(await file.blob.text()).toBe('number,status\nTK-1,new\nTK-2,new\nTK-3,new\n');
    expect(seen.map((progress) => progress.rows)).toEqual([0, 0, 1, 3]);
    expect(seen.map((progress) => progress.bytes)).toEqual([0, 14, 28, 41]);
    expect(seen.every((progress) => progress.totalRows === 3)).toBe(true);
  });

  it('turns a refusal into the server’s message', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json(
        { error: { code: 'validation_failed', message: 'dateTo must not be before dateFrom.' } },
        { status: 400 },
      ),
    );
    const download = streamDownload({
      path: '/admin/reports/export',
      query: {},
      signal: new AbortController().signal,
      countLines: false,
      fallbackName: 'x.xlsx',
      onProgress: () => {},
    });
    await expect(download).rejects.toThrow(ApiError);
    await expect(download).rejects.toThrow('dateTo must not be before dateFrom.');
  });

  it('stops when cancelled midway', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const abort = new AbortController();
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const response = streamedResponse(['a\n', 'b\n'], {}, gate);
      const reader = response.body?.getReader();
      // Like a real fetch, aborting errors the body being read.
      init.signal?.addEventListener('abort', () => void reader?.cancel());
      return new Response(
        new ReadableStream({
          async pull(controller) {
            const next = await reader?.read();
            if (init.signal?.aborted) controller.error(new DOMException('aborted', 'AbortError'));
            else if (!next || next.done) controller.close();
            else controller.enqueue(next.value);
          },
        }),
      );
    });
    const seen: number[] = [];
    const download = streamDownload({
      path: '/admin/reports/export',
      query: {},
      signal: abort.signal,
      countLines: false,
      fallbackName: 'x.pdf',
      onProgress: (progress) => {
        seen.push(progress.bytes);
        if (progress.bytes === 2) {
          abort.abort();
          release();
        }
      },
    });
    await expect(download).rejects.toThrow('aborted');
    expect(seen).toEqual([0, 2]);
  });
});
