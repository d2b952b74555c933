import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AttachmentType, Role, TicketStatus, VisitAction } from '../../../domain/lifecycle/types';
import type { TimeSlot } from '../../../domain/schedule/time-slots';
import type { DeviceType, Priority, SystemNoteEvent, WarrantyStatus } from '../../../domain/tickets';
import { at, createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';
import { customers, technicians, users } from './users';

const orgId = () =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id);

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    organizationId: orgId(),
    ticketNumber: text('ticket_number').notNull(),
    trackingToken: text('tracking_token').notNull().unique(),
    source: text('source').notNull().default('portal'),
    workflowId: text('workflow_id').notNull().default('visit'),

    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    customerName: text('customer_name').notNull(),
    customerPhone: text('customer_phone').notNull(),
    customerCity: text('customer_city').notNull(),
    customerAddress: text('customer_address').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    formattedAddress: text('formatted_address'),

    deviceType: text('device_type').$type<DeviceType>().notNull(),
    brand: text('brand').notNull(),
    model: text('model'),
    problemDescription: text('problem_description').notNull(),

    warrantyStatus: text('warranty_status').$type<WarrantyStatus>().notNull(),
    invoiceNumber: text('invoice_number'),
    serialNumber: text('serial_number'),

    preferredTimeSlot: text('preferred_time_slot').$type<TimeSlot>(),
    scheduledDate: date('scheduled_date', { mode: 'string' }),
    scheduledTimeSlot: text('scheduled_time_slot').$type<TimeSlot>(),
    scheduledStartAt: at('scheduled_start_at'),

    technicianId: uuid('technician_id').references(() => technicians.id),
    assignedById: uuid('assigned_by_id').references(() => users.id),

    status: text('status').$type<TicketStatus>().notNull().default('new'),
    priority: text('priority').$type<Priority>().notNull().default('normal'),

    createdAt: createdAt(),
    updatedAt: updatedAt(),
    assignedAt: at('assigned_at'),
    acceptedAt: at('accepted_at'),
    scheduledAt: at('scheduled_at'),
    startedTripAt: at('started_trip_at'),
    arrivedAt: at('arrived_at'),
    inspectionStartedAt: at('inspection_started_at'),
    diagnosedAt: at('diagnosed_at'),
    repairStartedAt: at('repair_started_at'),
    partsRequestedAt: at('parts_requested_at'),
    partsReceivedAt: at('parts_received_at'),
    pickedUpAt: at('picked_up_at'),
    workshopCheckedInAt: at('workshop_checked_in_at'),
    readyForDeliveryAt: at('ready_for_delivery_at'),
    completedAt: at('completed_at'),
    notFixedAt: at('not_fixed_at'),
    cancelledAt: at('cancelled_at'),

    completionType: text('completion_type').$type<'fixed' | 'not_fixed' | 'cancelled'>(),
    diagnosisNotes: text('diagnosis_notes'),
    diagnosisChecklist: jsonb('diagnosis_checklist'),
    notFixedReasons: text('not_fixed_reasons').array().notNull().default(sql`'{}'::text[]`),
    notFixedOtherReason: text('not_fixed_other_reason'),
    pickupReason: text('pickup_reason'),
    cancellationReason: text('cancellation_reason'),
    confirmationMethod: text('confirmation_method').$type<'signature' | 'otp'>(),
    signatureAttachmentId: uuid('signature_attachment_id'),
    customerRating: integer('customer_rating'),
    customerFeedback: text('customer_feedback'),
    completionNotes: text('completion_notes'),
    attachmentBytes: bigint('attachment_bytes', { mode: 'number' }).notNull().default(0),
    createdById: uuid('created_by_id').references(() => users.id),
    version: integer('version').notNull().default(1),

    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(ticket_number || ' ' || customer_name || ' ' || customer_phone)`,
    ),
  },
  (t) => [
    uniqueIndex('tickets_org_number_key').on(t.organizationId, t.ticketNumber),
    index('tickets_org_created_idx').on(t.organizationId, t.createdAt.desc(), t.id.desc()),
    index('tickets_org_status_created_idx').on(t.organizationId, t.status, t.createdAt.desc(), t.id.desc()),
    index('tickets_org_technician_status_idx').on(t.organizationId, t.technicianId, t.status),
    index('tickets_org_city_created_idx').on(t.organizationId, t.customerCity, t.createdAt.desc()),
    index('tickets_org_priority_created_idx').on(t.organizationId, t.priority, t.createdAt.desc()),
    index('tickets_customer_idx').on(t.customerId, t.createdAt.desc()),
    index('tickets_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    // Reminders (seed 000 §7.4): visits by slot start, repairs without their after-repair photos,
    // completed visits without a rating.
    index('tickets_sla_scheduled_idx')
      .on(t.organizationId, t.scheduledStartAt, t.id)
      .where(sql`${t.status} = 'scheduled'`),
    index('tickets_reminder_repairing_idx')
      .on(t.organizationId, t.repairStartedAt, t.id)
      .where(sql`${t.status} = 'repairing'`),
    index('tickets_reminder_feedback_idx')
      .on(t.organizationId, t.completedAt, t.id)
      .where(sql`${t.status} = 'completed' AND ${t.customerRating} IS NULL`),
    check('tickets_rating_range', sql`${t.customerRating} IS NULL OR ${t.customerRating} BETWEEN 1 AND 5`),
  ],
);

const ticketRef = () =>
  uuid('ticket_id')
    .notNull()
    .references(() => tickets.id);

export const ticketStatusHistory = pgTable(
  'ticket_status_history',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef(),
    action: text('action').$type<VisitAction | 'create' | 'reassign' | 'reschedule'>().notNull(),
    fromStatus: text('from_status').$type<TicketStatus>(),
    toStatus: text('to_status').$type<TicketStatus>().notNull(),
    notes: text('notes'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').$type<Role>().notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    createdAt: createdAt(),
    /** Insertion order: breaks ties between entries written at the same instant. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [index('ticket_status_history_ticket_idx').on(t.ticketId, t.createdAt, t.seq)],
);

export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef(),
    type: text('type').$type<AttachmentType>().notNull(),
    storageKey: text('storage_key').notNull().unique(),
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    uploadedById: uuid('uploaded_by_id'),
    uploadedByName: text('uploaded_by_name').notNull(),
    uploadedByRole: text('uploaded_by_role').$type<Role>().notNull(),
    createdAt: createdAt(),
    deletedAt: at('deleted_at'),
  },
  (t) => [index('ticket_attachments_ticket_idx').on(t.ticketId, t.createdAt)],
);

export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef(),
    senderId: uuid('sender_id'),
    senderName: text('sender_name').notNull(),
    senderRole: text('sender_role').$type<Role>().notNull(),
    content: text('content').notNull(),
    channel: text('channel').$type<'internal' | 'sms' | 'whatsapp' | 'email'>().notNull().default('internal'),
    externalId: text('external_id'),
    status: text('status')
      .$type<'pending' | 'sent' | 'delivered' | 'read' | 'failed'>()
      .notNull()
      .default('sent'),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.createdAt)],
);

/** Internal notes: staff only, never shown to the customer. */
export const ticketNotes = pgTable(
  'ticket_notes',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef(),
    kind: text('kind').$type<'note' | 'escalation' | 'system' | 'complaint'>().notNull().default('note'),
    content: text('content').notNull(),
    /** System notes: what happened, for the reader's language. */
    event: jsonb('event').$type<SystemNoteEvent>(),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull(),
    authorRole: text('author_role').$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_notes_ticket_idx').on(t.ticketId, t.createdAt)],
);

export const timeLogs = pgTable(
  'time_logs',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef(),
    technicianId: uuid('technician_id').references(() => technicians.id),
    stage: text('stage').$type<TicketStatus>().notNull(),
    startedAt: at('started_at').notNull().defaultNow(),
    endedAt: at('ended_at'),
    durationMinutes: integer('duration_minutes'),
  },
  (t) => [
    index('time_logs_ticket_idx').on(t.ticketId),
    index('time_logs_technician_idx').on(t.technicianId),
    uniqueIndex('time_logs_one_open_per_ticket').on(t.ticketId).where(sql`${t.endedAt} IS NULL`),
  ],
);

export const ticketLocations = pgTable(
  'ticket_locations',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef(),
    status: text('status').$type<TicketStatus>().notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    address: text('address'),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_locations_ticket_idx').on(t.ticketId)],
);

export const technicianLocations = pgTable(
  'technician_locations',
  {
    id: id(),
    organizationId: orgId(),
    technicianId: uuid('technician_id')
      .notNull()
      .references(() => technicians.id),
    ticketId: uuid('ticket_id'),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    accuracy: doublePrecision('accuracy'),
    speed: doublePrecision('speed'),
    heading: doublePrecision('heading'),
    createdAt: createdAt(),
  },
  (t) => [
    index('technician_locations_technician_idx').on(t.technicianId, t.createdAt.desc()),
    index('technician_locations_ticket_idx').on(t.ticketId, t.createdAt.desc()),
    index('technician_locations_created_idx').on(t.createdAt),
  ],
);

export const ratings = pgTable(
  'ratings',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef().unique(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    technicianId: uuid('technician_id')
      .notNull()
      .references(() => technicians.id),
    score: integer('score').notNull(),
    feedback: text('feedback'),
    createdAt: createdAt(),
  },
  (t) => [
    index('ratings_technician_idx').on(t.technicianId),
    check('ratings_score_range', sql`${t.score} BETWEEN 1 AND 5`),
  ],
);

export const partsRequests = pgTable(
  'parts_requests',
  {
    id: id(),
    organizationId: orgId(),
    ticketId: ticketRef(),
    partName: text('part_name').notNull(),
    quantity: integer('quantity').notNull().default(1),
    notes: text('notes'),
    status: text('status')
      .$type<'pending' | 'approved' | 'ordered' | 'received' | 'cancelled'>()
      .notNull()
      .default('pending'),
    requestedById: uuid('requested_by_id').notNull(),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: createdAt(),
    approvedAt: at('approved_at'),
    approvedById: uuid('approved_by_id'),
    orderedAt: at('ordered_at'),
    receivedAt: at('received_at'),
    photoAttachmentIds: uuid('photo_attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('parts_requests_ticket_idx').on(t.ticketId),
    index('parts_requests_org_status_idx').on(t.organizationId, t.status, t.requestedAt.desc()),
    check('parts_requests_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Ticket numbers come from a sequence: unique under any concurrency, never count(*) + 1. */
export const ticketNumberSequence = pgSequence('ticket_number_seq', { startWith: 1, cache: 1 });
