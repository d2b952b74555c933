// A request with upload progress: fetch reports none, so multipart bodies go by XMLHttpRequest,
// with the same token, language and one refresh-and-retry as apiRequest.
import { ApiError, currentAccessToken, refreshToken } from '../../../api/client';

/** 0..1 of the body sent so far. */
export type ProgressListener = (fraction: number) => void;

function sendOnce(
  path: string,
  body: FormData,
  token: string | null,
  onProgress?: ProgressListener,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1${path}`);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('accept-language', document.documentElement.lang === 'en' ? 'en' : 'ar');
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    });
    request.addEventListener('load', () => resolve({ status: request.status, text: request.responseText }));
    request.addEventListener('error', () =>
      reject(new ApiError({ status: 0, code: 'network', message: 'network' })),
    );
    request.addEventListener('abort', () =>
      reject(new ApiError({ status: 0, code: 'network', message: 'network' })),
    );
    request.send(body);
  });
}

export async function uploadRequest<T>(
  path: string,
  body: FormData,
  onProgress?: ProgressListener,
  headers?: Record<string, string>,
): Promise<T> {
  let response = await sendOnce(path, body, currentAccessToken(), onProgress, headers);
  if (response.status === 401) {
    const fresh = await refreshToken();
    if (fresh) response = await sendOnce(path, body, fresh, onProgress, headers);
  }
  let parsed: unknown = null;
  try {
    parsed = response.text ? JSON.parse(response.text) : null;
  } catch {
    parsed = null;
  }
  if (response.status >= 200 && response.status < 300) {
    onProgress?.(1);
    return parsed as T;
  }
  const error = (parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
    ?.error;
  if (error && typeof error.message === 'string') {
    throw new ApiError({
      status: response.status,
      code: (error.code ?? 'bad_request') as ApiError['code'],
      message: error.message,
      details: error.details,
    });
  }
  throw new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'internal' : 'bad_request',
    message: `HTTP ${response.status}`,
  });
}
