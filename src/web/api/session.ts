// Who is signed in. The short-lived access token lives in memory only; the refresh token is kept in
// localStorage so a reload (or a new tab) signs back in through POST /auth/refresh. Refresh tokens
// rotate and a reused one revokes its whole family, so refreshes are serialised: one at a time in
// this tab (a shared promise) and across tabs (a Web Lock, reading the newest token inside it).
// Who signed in (id, name, role: no secret) is kept too, so a reload without a connection opens the
// technician's offline portal; the refresh runs when the connection returns, and a refusal signs out.
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
  /** An administrator set the password: the app keeps the user on the password change page. */
  passwordChangeRequired: boolean;
}

export type SessionState =
  | { status: 'restoring'; user: null }
  | { status: 'signedOut'; user: null }
  | { status: 'signedIn'; user: SessionUser };

const REFRESH_KEY = 'fieldline.refreshToken';
const USER_KEY = 'fieldline.sessionUser';

let accessToken: string | null = null;
let state: SessionState = { status: readRefreshToken() ? 'restoring' : 'signedOut', user: null };
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The stored refresh token. */
function readRefreshToken(): string | null {
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

function readCachedUser(): SessionUser | null {
  try {
    const user = JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as Partial<SessionUser> | null;
    if (!user?.id || !user.role || typeof user.name !== 'string') return null;
    return {
      id: user.id,
      name: user.name,
      role: user.role,
      passwordChangeRequired: user.passwordChangeRequired === true,
    };
  } catch {
    return null;
  }
}

function writeCachedUser(user: SessionUser | null): void {
  try {
    if (user) localStorage.setItem(USER_KEY, JSON.stringify(user));
    else localStorage.removeItem(USER_KEY);
  } catch {
    // Without storage an offline reload asks to sign in, as before.
  }
}

/** The signed-in user, also while offline with only the cached identity (no access token yet). */
export function signedInUser(): SessionUser | null {
  return state.status === 'signedIn' ? state.user : null;
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
      pcr?: boolean;
    };
    if (!claims.sub || !claims.role) return null;
    return {
      id: claims.sub,
      name: claims.name ?? '',
      role: claims.role,
      passwordChangeRequired: claims.pcr === true,
    };
  } catch {
    return null;
  }
}

function acceptTokens(tokens: TokensResponse): SessionUser | null {
  const user = userFromAccessToken(tokens.accessToken);
  if (!user) return null;
  accessToken = tokens.accessToken;
  writeRefreshToken(tokens.refreshToken);
  writeCachedUser(user);
  setState({ status: 'signedIn', user });
  return user;
}

function clearSession(): void {
  accessToken = null;
  writeRefreshToken(null);
  writeCachedUser(null);
  setState({ status: 'signedOut', user: null });
  // The technician portal's service worker forgets the cached task reads (public/sw.js), also when
  // the server refused the session: the next person on this phone must not read them offline.
  if (typeof navigator !== 'undefined') {
    navigator.serviceWorker?.controller?.postMessage({ type: 'clear-api-cache' });
  }
}

/** No answer while restoring: the cached identity keeps the user in (offline), else signed out. */
function restoreOffline(): void {
  const user = readCachedUser();
  setState(user ? { status: 'signedIn', user } : { status: 'signedOut', user: null });
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
      else if (state.status === 'restoring') restoreOffline();
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
  // Signed in from the cached identity without a connection: the real refresh runs once it is back.
  window.addEventListener('online', () => {
    if (state.status === 'signedIn' && !accessToken) void refreshAccessToken();
  });
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

/**
 * A signed-in staff member's new password. The server ends every earlier session and answers with a
 * new one, which this tab takes over (the flag of a temporary password is gone from its token).
 */
export async function changeStaffPassword(input: {
  currentPassword: string;
  newPassword: string;
}): Promise<SessionUser> {
  const response = await apiRequest<LoginResponse>('/auth/staff/password', {
    method: 'POST',
    body: input,
    auth: true,
  });
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
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state);
}
