// Rows for tests, built through the same services the API uses.
import { eq } from 'drizzle-orm';
import type { ActionInput, Role, TicketStatus, VisitAction } from '../../domain/lifecycle/types';
import type { AppContext } from '../context';
import { createOrganization } from '../db/bootstrap';
import { technicians, tickets, users } from '../db/schema';
import type { Principal } from '../lib/access-tokens';
import type { UploadedFile } from '../lib/multipart';
import { hashPassword } from '../lib/password';
import { createTicket, type NewTicketInput } from '../modules/tickets/create-ticket.service';
import {
  type NewAttachment,
  performTicketAction,
  type TicketChanges,
} from '../modules/tickets/workflow.service';
import type { TestApp } from './helper';

export const TEST_PASSWORD = 'Test@12345';
let passwordHash: Promise<string> | null = null;

/** A valid 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function pngFile(field = 'photos'): UploadedFile {
  return {
    field,
    filename: 'photo.png',
    mimeType: 'image/png',
    extension: 'png',
    size: PNG_BYTES.length,
    bytes: PNG_BYTES,
  };
}

export const photos = (type: NewAttachment['type'], count: number): NewAttachment[] =>
  Array.from({ length: count }, () => ({ type, file: pngFile() }));

export const META = { ipAddress: '127.0.0.1', userAgent: 'vitest' };

export async function createTestOrganization(ctx: AppContext, slug = 'default'): Promise<string> {
  return createOrganization(ctx.db, { name: `Org ${slug}`, slug });
}

export interface TestUser {
  principal: Principal;
  email: string;
  password: string;
}

let emailCounter = 0;

export async function createStaff(
  ctx: AppContext,
  opts: {
    organizationId: string;
    role: Exclude<Role, 'customer' | 'system'>;
    name?: string;
    email?: string;
    phone?: string;
    specialties?: string[];
    serviceAreas?: string[];
  },
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = opts.email ?? `${opts.role}${++emailCounter}-${Date.now()}@test.local`;
  const name = opts.name ?? `${opts.role} ${emailCounter}`;
  const [user] = await ctx.db
    .insert(users)
    .values({
      organizationId: opts.organizationId,
      email,
      phone: opts.phone ?? null,
      name,
      role: opts.role,
      passwordHash: await passwordHash,
    })
    .returning({ id: users.id });
  if (!user) throw new Error('user not created');
  let technicianId: string | null = null;
  if (opts.role === 'technician') {
    const [technician] = await ctx.db
      .insert(technicians)
      .values({
        organizationId: opts.organizationId,
        userId: user.id,
        employeeId: `EMP-${emailCounter}-${Date.now()}`,
        specialties: opts.specialties ?? ['ac', 'washer'],
        serviceAreas: opts.serviceAreas ?? ['riyadh'],
      })
      .returning({ id: technicians.id });
    technicianId = technician?.id ?? null;
  }
  return {
    email,
    password: TEST_PASSWORD,
    principal: {
      userId: user.id,
      organizationId: opts.organizationId,
      role: opts.role,
      name,
      technicianId,
      customerId: null,
    },
  };
}

/** Signs in over HTTP and returns the access token. */
export async function loginStaff(t: TestApp, user: TestUser): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/staff/login',
    payload: { email: user.email, password: user.password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return response.json().accessToken as string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function ticketInput(overrides: Partial<NewTicketInput> = {}): NewTicketInput {
  return {
    customerName: 'محمد العتيبي',
    customerPhone: '0551234567',
    customerCity: 'riyadh',
    customerAddress: 'حي النرجس، شارع الأمير محمد',
    latitude: 24.8,
    longitude: 46.65,
    deviceType: 'ac',
    brand: 'LG',
    model: 'Dual Inverter',
    problemDescription: 'المكيف لا يبرد',
    preferredTimeSlot: 'morning',
    warrantyStatus: 'no',
    ...overrides,
  };
}

export async function createTestTicket(ctx: AppContext, overrides: Partial<NewTicketInput> = {}) {
  return createTicket(ctx, { input: ticketInput(overrides), principal: null, meta: META });
}

export interface Cast {
  admin: Principal;
  technician: Principal;
  workshop: Principal;
}

interface Step {
  action: VisitAction;
  by: keyof Cast;
  input?: ActionInput;
  files?: NewAttachment[];
  changes?: TicketChanges;
}

const AT = { location: { latitude: 24.79, longitude: 46.66 } };

/** The path from `new` to each status, as the lifecycle allows it. */
export function stepsTo(status: TicketStatus, cast: Cast): Step[] {
  const assign: Step = {
    action: 'assign',
    by: 'admin',
    input: { technicianId: cast.technician.technicianId ?? undefined },
    changes: { technicianId: cast.technician.technicianId },
  };
  const schedule: Step = {
    action: 'schedule',
    by: 'admin',
    input: { scheduledDate: '2026-11-25', scheduledTimeSlot: 'morning' },
    changes: {
      scheduledDate: '2026-11-25',
      scheduledTimeSlot: 'morning',
      scheduledStartAt: new Date('2026-11-25T05:00:00Z'),
    },
  };
  const toDiagnosed: Step[] = [
    assign,
    schedule,
    { action: 'start_trip', by: 'technician', input: AT },
    { action: 'arrive', by: 'technician', input: AT },
    { action: 'start_inspection', by: 'technician', files: photos('before_inspection', 1) },
    { action: 'complete_diagnosis', by: 'technician', input: { diagnosisNotes: 'Compressor relay failed' } },
  ];
  const repairing: Step = { action: 'start_repair', by: 'technician' };
  const pickup: Step = {
    action: 'pickup_device',
    by: 'technician',
    input: { reason: 'Needs bench repair', customerAcknowledged: true },
    changes: { pickupReason: 'Needs bench repair' },
  };
  const paths: Record<TicketStatus, Step[]> = {
    new: [],
    assigned: [assign],
    scheduled: [assign, schedule],
    on_route: toDiagnosed.slice(0, 3),
    arrived: toDiagnosed.slice(0, 4),
    inspecting: toDiagnosed.slice(0, 5),
    diagnosed: toDiagnosed,
    repairing: [...toDiagnosed, repairing],
    waiting_parts: [
      ...toDiagnosed,
      {
        action: 'request_parts',
        by: 'technician',
        input: { partName: 'Relay' },
        files: photos('serial_photo', 1),
      },
    ],
    pickup_device: [...toDiagnosed, pickup],
    in_workshop: [...toDiagnosed, pickup, { action: 'check_in_workshop', by: 'workshop' }],
    ready_delivery: [
      ...toDiagnosed,
      pickup,
      { action: 'check_in_workshop', by: 'workshop' },
      { action: 'repair_complete', by: 'workshop' },
    ],
    completed: [
      ...toDiagnosed,
      repairing,
      {
        action: 'mark_completed',
        by: 'technician',
        input: { confirmation: { method: 'signature', verified: true } },
        files: photos('after_repair', 3),
        changes: { confirmationMethod: 'signature', completionType: 'fixed' },
      },
    ],
    not_fixed: [
      ...toDiagnosed,
      {
        action: 'mark_not_fixed',
        by: 'technician',
        input: { reasons: ['beyond_repair'] },
        changes: { notFixedReasons: ['beyond_repair'], completionType: 'not_fixed' },
      },
    ],
    cancelled: [
      {
        action: 'cancel',
        by: 'admin',
        input: { reason: 'Customer asked' },
        changes: { cancellationReason: 'Customer asked', completionType: 'cancelled' },
      },
    ],
  };
  return paths[status];
}

/** Drives a ticket through the real workflow service to `status`. */
export async function driveTicket(
  ctx: AppContext,
  ticketId: string,
  status: TicketStatus,
  cast: Cast,
): Promise<void> {
  for (const step of stepsTo(status, cast)) {
    await performTicketAction(ctx, {
      principal: cast[step.by],
      ticketId,
      action: step.action,
      input: step.input ?? {},
      files: step.files,
      changes: step.changes,
      meta: META,
    });
  }
}

export async function ticketStatus(ctx: AppContext, ticketId: string): Promise<TicketStatus | undefined> {
  const [row] = await ctx.db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId));
  return row?.status;
}
