// The Socket.IO connection (events of seed 000 §6.5), in its own chunk: only pages that show live
// data download socket.io-client. WebSocket only, so several server processes need no sticky
// sessions. Staff connect with their access token; when it expires (the server disconnects) or is
// refused, the token is refreshed and the socket reconnects with the new one.
import type { Socket } from 'socket.io-client';
import { currentAccessToken, refreshToken } from './client';

export type { Socket };

export async function openSocket(opts: { staff: boolean }): Promise<Socket> {
  const { io } = await import('socket.io-client');
  const socket = io({
    path: '/socket.io',
    transports: ['websocket'],
    autoConnect: false,
    ...(opts.staff
      ? { auth: (send: (data: object) => void) => send({ token: currentAccessToken() ?? '' }) }
      : {}),
  });
  if (opts.staff) {
    // Refused again right after a refresh means the refusal is not about the token's age: stop.
    let refusedInARow = 0;
    const reconnectWithFreshToken = async () => {
      if (++refusedInARow > 2) return;
      if (await refreshToken()) socket.connect();
    };
    socket.on('connect', () => {
      refusedInARow = 0;
    });
    socket.on('connect_error', () => {
      // A refused token does not retry by itself; other failures (network) do.
      if (!socket.active) void reconnectWithFreshToken();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') void reconnectWithFreshToken();
    });
  }
  socket.connect();
  return socket;
}

/** Emits with an acknowledgement; resolves with the server's { ok, ... } answer. */
export function emitWithAck<T extends { ok: boolean }>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}
