// Who is signed in. The short-lived access token lives in memory only; the refresh token is kept in
// localStorage so a reload (or a new tab) signs back in through POST /auth/refresh. Refresh tokens
// rotate and a reused one revokes its whole family, so refreshes are serialised: one at a time in
// this tab (a shared promise) and across tabs (a Web Lock, reading the newest token inside it).
import { useSyncExternalStore } from 'react';
import type { z } from 'zod';
import type { Role } from '../../domain/lifecycle/types';
import type {
  loginResponse,
  tokensResponse,
  verifyOtpResponse,
} from '../../server/modules/auth/auth.schemas';
import { ApiError, apiRequest, setTokenSource } from './client';

export type LoginResponse = z.infer<typeof loginResponse>;
export type TokensResponse = z.infer<typeof tokensResponse>;
export type VerifyOtpResponse = z.infer<typeof verifyOtpResponse>;

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
}

export type SessionState =
  | { status: 'restoring'; user: null }
  | { status: 'signedOut'; user: null }
  | { status: 'signedIn'; user: SessionUser };

const REFRESH_KEY = 'fieldline.refreshToken';

let accessToken: string | null = null;
let state: SessionState = { status: readRefreshToken() ? 'restoring' : 'signedOut', user: null };
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The stored refresh token (the password change keeps this session signed in). */
export function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function writeRefreshToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(REFRESH_KEY, token);
    else localStorage.removeItem(REFRESH_KEY);
  } catch {
    // Without storage the session simply does not survive a reload.
  }
}

/** The access token's claims (already verified by the server that issued it): display only. */
export function userFromAccessToken(token: string): SessionUser | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as {
      sub?: string;
      name?: string;
      role?: Role;
    };
    if (!claims.sub || !claims.role) return null;
    return { id: claims.sub, name: claims.name ?? '', role: claims.role };
  } catch {
    return null;
  }
}

function acceptTokens(tokens: TokensResponse): SessionUser | null {
  const user = userFromAccessToken(tokens.accessToken);
  if (!user) return null;
  accessToken = tokens.accessToken;
  writeRefreshToken(tokens.refreshToken);
  setState({ status: 'signedIn', user });
  return user;
}

function clearSession(): void {
  accessToken = null;
  writeRefreshToken(null);
  setState({ status: 'signedOut', user: null });
}

async function withRefreshLock<T>(run: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request('fieldline-refresh', run);
  }
  return run();
}

let refreshing: Promise<string | null> | null = null;

/** A new access token from the stored refresh token, or null (and signed out) when that fails. */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= withRefreshLock(async () => {
    const refreshToken = readRefreshToken();
    if (!refreshToken) {
      clearSession();
      return null;
    }
    try {
      const tokens = await apiRequest<TokensResponse>('/auth/refresh', {
        method: 'POST',
        body: { refreshToken },
      });
      return acceptTokens(tokens) ? tokens.accessToken : null;
    } catch (error) {
      // Only a refusal ends the session; a network failure keeps the token for the next try.
      if (error instanceof ApiError && error.code !== 'network') clearSession();
      else if (state.status === 'restoring') setState({ status: 'signedOut', user: null });
      return null;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

setTokenSource({ accessToken: () => accessToken, refresh: refreshAccessToken });

let restoreStarted = false;
/** Called once at start-up: a stored refresh token signs the user back in. */
export function restoreSession(): void {
  if (restoreStarted) return;
  restoreStarted = true;
  if (state.status === 'restoring') void refreshAccessToken();
  // Signing out in another tab signs out here too.
  window.addEventListener('storage', (event) => {
    if (event.key === REFRESH_KEY && event.newValue === null && state.status === 'signedIn') {
      accessToken = null;
      setState({ status: 'signedOut', user: null });
    }
  });
}

export async function staffLogin(input: { email: string; password: string }): Promise<SessionUser> {
  const response = await apiRequest<LoginResponse>('/auth/staff/login', { method: 'POST', body: input });
  const user = acceptTokens(response);
  if (!user) throw new ApiError({ status: 500, code: 'internal', message: 'Malformed access token.' });
  return user;
}

/** Used by the customer portal's OTP sign-in. */
export function acceptSignIn(response: TokensResponse): SessionUser | null {
  return acceptTokens(response);
}

export async function logout(): Promise<void> {
  const refreshToken = readRefreshToken();
  try {
    if (accessToken || refreshToken) {
      await apiRequest('/auth/logout', {
        method: 'POST',
        body: refreshToken ? { refreshToken } : {},
        auth: true,
      });
    }
  } catch {
    // Signing out locally must work even when the server cannot be reached.
  } finally {
    clearSession();
    // The technician portal's service worker forgets the cached task reads (public/sw.js).
    navigator.serviceWorker?.controller?.postMessage({ type: 'clear-api-cache' });
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state);
}
