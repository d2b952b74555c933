// The one way the web app calls the API: JSON in and out, the caller's language in Accept-Language
// (the server answers errors in it), the access token when signed in, and one refresh-and-retry
// when the access token has expired. Failures become ApiError carrying the server's message.
import type { ErrorCode } from '../../server/errors';

export type Locale = 'ar' | 'en';

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  readonly status: number;
  /** A server error code, or "network" when no answer came back. */
  readonly code: ErrorCode | 'network';
  readonly details: Record<string, unknown>;

  constructor(opts: {
    status: number;
    code: ErrorCode | 'network';
    message: string;
    details?: Record<string, unknown>;
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.details = opts.details ?? {};
  }

  /** Field-level problems of a validation_failed answer, by path ("body.email" → message). */
  get issues(): Array<{ path: string; message: string }> {
    const issues = this.details.issues;
    return Array.isArray(issues) ? (issues as Array<{ path: string; message: string }>) : [];
  }
}

let apiLocale: Locale = 'ar';
export function setApiLocale(locale: Locale): void {
  apiLocale = locale;
}

/** Supplied by the session module: the current access token, and a way to get a fresh one. */
export interface TokenSource {
  accessToken(): string | null;
  refresh(): Promise<string | null>;
}
let tokens: TokenSource = { accessToken: () => null, refresh: async () => null };
export function setTokenSource(source: TokenSource): void {
  tokens = source;
}

/** The current access token, for requests sent without fetch (upload progress needs XMLHttpRequest). */
export const currentAccessToken = (): string | null => tokens.accessToken();
export const refreshToken = (): Promise<string | null> => tokens.refresh();

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** A plain object is sent as JSON; FormData as multipart. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Send the access token (and refresh it once if it has expired). */
  auth?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const url = `/api/v1${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  if (body?.error && typeof body.error.message === 'string') {
    return new ApiError({ status: response.status, ...body.error });
  }
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'internal' : 'bad_request',
    message: response.statusText || `HTTP ${response.status}`,
  });
}

async function send(path: string, opts: RequestOptions, accessToken: string | null): Promise<Response> {
  const headers: Record<string, string> = {
    ...opts.headers,
    accept: 'application/json',
    'accept-language': apiLocale,
  };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(urlOf(path, opts.query), {
      method: opts.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    throw new ApiError({ status: 0, code: 'network', message: 'network' });
  }
}

export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let response = await send(path, opts, opts.auth ? tokens.accessToken() : null);
  if (opts.auth && response.status === 401) {
    const fresh = await tokens.refresh();
    if (fresh) response = await send(path, opts, fresh);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
