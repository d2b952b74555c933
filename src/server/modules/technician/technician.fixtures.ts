// Test fixtures shared by the technician and workshop API tests: a crew, tasks at any status, forms.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { technicians, ticketAttachments, ticketStatusHistory, tickets, timeLogs } from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import {
  bearer,
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  loginStaff,
  PNG_BYTES,
  type TestUser,
} from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';

export interface Crew {
  t: TestApp;
  organizationId: string;
  admin: TestUser;
  technician: TestUser;
  /** A second technician: every task of the first is 404 to them. */
  other: TestUser;
  workshop: TestUser;
  cast: Cast;
  headers: {
    none: Record<string, string>;
    admin: Record<string, string>;
    technician: Record<string, string>;
    other: Record<string, string>;
    workshop: Record<string, string>;
    customer: Record<string, string>;
  };
}

export async function setupCrew(opts: { start?: Date } = {}): Promise<Crew> {
  // Tests move the clock by days: access tokens must outlive that.
  const t = await buildTestApp({ start: opts.start, env: { FIELDLINE_ACCESS_TOKEN_TTL_SECONDS: '2592000' } });
  const organizationId = await createTestOrganization(t.ctx);
  const admin = await createStaff(t.ctx, { organizationId, role: 'admin' });
  const technician = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Fahad Technician',
    phone: '0500000001',
  });
  const other = await createStaff(t.ctx, { organizationId, role: 'technician', name: 'Other Technician' });
  const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop', name: 'Bench Workshop' });
  const customer: Principal = {
    userId: crypto.randomUUID(),
    organizationId,
    role: 'customer',
    name: 'A customer',
    technicianId: null,
    customerId: crypto.randomUUID(),
  };
  return {
    t,
    organizationId,
    admin,
    technician,
    other,
    workshop,
    cast: { admin: admin.principal, technician: technician.principal, workshop: workshop.principal },
    headers: {
      none: {},
      admin: bearer(await loginStaff(t, admin)),
      technician: bearer(await loginStaff(t, technician)),
      other: bearer(await loginStaff(t, other)),
      workshop: bearer(await loginStaff(t, workshop)),
      customer: bearer(await t.ctx.accessTokens.sign(customer, t.clock.now())),
    },
  };
}

/** A new ticket driven through the real workflow to `status`, assigned to the crew's technician. */
export async function taskAt(crew: Crew, status: TicketStatus): Promise<string> {
  const { id } = await createTestTicket(crew.t.ctx);
  await driveTicket(crew.t.ctx, id, status, crew.cast);
  return id;
}

export async function ticketRow(crew: Crew, id: string) {
  const [row] = await crew.t.ctx.db.select().from(tickets).where(eq(tickets.id, id));
  if (!row) throw new Error(`ticket ${id} not found`);
  return row;
}

export async function technicianRow(crew: Crew, technicianId: string | null) {
  const [row] = await crew.t.ctx.db
    .select()
    .from(technicians)
    .where(eq(technicians.id, technicianId ?? ''));
  if (!row) throw new Error('technician not found');
  return row;
}

export const historyOf = (crew: Crew, id: string) =>
  crew.t.ctx.db
    .select()
    .from(ticketStatusHistory)
    .where(eq(ticketStatusHistory.ticketId, id))
    .orderBy(asc(ticketStatusHistory.createdAt), asc(ticketStatusHistory.seq));

export const timeLogsOf = (crew: Crew, id: string) =>
  crew.t.ctx.db.select().from(timeLogs).where(eq(timeLogs.ticketId, id)).orderBy(asc(timeLogs.startedAt));

export const attachmentRowsOf = (crew: Crew, id: string) =>
  crew.t.ctx.db
    .select()
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, id))
    .orderBy(asc(ticketAttachments.createdAt));

/** Every stored upload (temp files excluded): a refused request must not leave one behind. */
export async function storedFiles(crew: Crew): Promise<string[]> {
  const root = crew.t.ctx.config.uploadDir;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.parentPath.includes(`${path.sep}.tmp`))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

export const storedPath = (crew: Crew, key: string) => path.join(crew.t.ctx.config.uploadDir, key);

export const pngBlob = () => new Blob([new Uint8Array(PNG_BYTES)], { type: 'image/png' });

export const PNG_DATA_URL = `data:image/png;base64,${PNG_BYTES.toString('base64')}`;

/** A multipart form: text fields (arrays repeat the field) and `count` PNG files per file field. */
export function form(
  fields: Record<string, string | string[]> = {},
  files: Record<string, number | Blob[]> = {},
): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  for (const [name, value] of Object.entries(files)) {
    const blobs = typeof value === 'number' ? Array.from({ length: value }, pngBlob) : value;
    blobs.forEach((blob, index) => {
      data.append(name, blob, `${name.replace('[]', '')}-${index + 1}.png`);
    });
  }
  return data;
}
