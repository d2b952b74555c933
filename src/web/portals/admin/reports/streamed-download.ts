// Downloads a streamed file (the report exports) with fetch and a stream reader, so the page can
// show bytes (and CSV rows) as they arrive and cancel midway; the finished file is then saved.
import { ApiError, currentAccessToken, refreshToken } from '../../../api/client';

export interface DownloadProgress {
  bytes: number;
  /** Lines received after the header (CSV only), else null. */
  rows: number | null;
  /** Rows the server said the file will hold (ticket exports), else null. */
  totalRows: number | null;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

const NEWLINE = 0x0a;

function filenameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code: ApiError['code']; message: string; details?: Record<string, unknown> };
  } | null;
  if (body?.error?.message) return new ApiError({ status: response.status, ...body.error });
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'internal' : 'bad_request',
    message: response.statusText || `HTTP ${response.status}`,
  });
}

async function request(url: string, token: string | null, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError({ status: 0, code: 'network', message: 'network' });
  }
}

export async function streamDownload(opts: {
  path: string;
  query: Record<string, string | undefined>;
  signal: AbortSignal;
  countLines: boolean;
  fallbackName: string;
  onProgress: (progress: DownloadProgress) => void;
}): Promise<DownloadedFile> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(opts.query)) if (value) params.set(name, value);
  const url = `/api/v1${opts.path}?${params}`;
  let response = await request(url, currentAccessToken(), opts.signal);
  if (response.status === 401) {
    const fresh = await refreshToken();
    if (fresh) response = await request(url, fresh, opts.signal);
  }
  if (!response.ok) throw await errorOf(response);

  const total = Number(response.headers.get('x-total-count'));
  const progress: DownloadProgress = {
    bytes: 0,
    rows: opts.countLines ? 0 : null,
    totalRows: Number.isFinite(total) && response.headers.has('x-total-count') ? total : null,
  };
  opts.onProgress({ ...progress });
  const chunks: Uint8Array[] = [];
  let lines = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      progress.bytes += value.byteLength;
      if (opts.countLines) {
        for (const byte of value) if (byte === NEWLINE) lines += 1;
        progress.rows = Math.max(0, lines - 1);
      }
      opts.onProgress({ ...progress });
    }
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  return {
    blob: new Blob(chunks as BlobPart[], { type }),
    filename: filenameOf(response, opts.fallbackName),
  };
}

/** Hands a downloaded file to the browser's "save" (an object URL on a temporary link). */
export function saveFile(file: DownloadedFile): void {
  const href = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
