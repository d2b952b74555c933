// Socket.IO's PostgreSQL adapter (@socket.io/postgres-adapter) passes events between server processes
// with NOTIFY; payloads over 8,000 bytes or with binary data travel through this table instead. The
// adapter writes and prunes it itself; the shape is the one its documentation prescribes.
import { bigserial, customType, pgTable } from 'drizzle-orm/pg-core';
import { at } from './columns';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: at('created_at').defaultNow(),
  payload: bytea('payload'),
});
