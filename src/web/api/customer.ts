// Customer portal calls (seed 000 §6.2), typed from the server's schemas.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { requestOtpResponse } from '../../server/modules/auth/auth.schemas';
import type {
  attachmentForm,
  attachmentResponse,
  Catalog,
  citiesResponse,
  createTicketBody,
  createTicketResponse,
  messageResponse,
  myTicketsResponse,
  ticketDetailsResponse,
  trackResponse,
} from '../../server/modules/customer/customer.schemas';
import type { ticketResponse } from '../../server/modules/tickets/tickets.schemas';
import { useI18n } from '../i18n/i18n';
import { apiRequest } from './client';
import type { VerifyOtpResponse } from './session';

export type City = z.infer<typeof citiesResponse>['cities'][number];
export type NewTicket = z.input<typeof createTicketBody>;
export type CreatedTicket = z.infer<typeof createTicketResponse>['ticket'];

export function useCities() {
  return useQuery({
    queryKey: ['customer', 'cities'],
    queryFn: async ({ signal }) =>
      (await apiRequest<z.infer<typeof citiesResponse>>('/customer/cities', { signal })).cities,
    staleTime: 10 * 60_000,
  });
}

/** City code → its name in the reader's language (the code itself until the list has loaded). */
export function useCityName(): (code: string) => string {
  const { locale } = useI18n();
  const cities = useCities();
  return (code) => {
    const city = cities.data?.find((item) => item.code === code);
    if (!city) return code;
    return locale === 'ar' ? city.nameAr : city.nameEn;
  };
}

/** The device types and time slots the organisation offers, with its own names (null: the built-in one). */
export function useCatalog() {
  return useQuery({
    queryKey: ['customer', 'catalog'],
    queryFn: ({ signal }) => apiRequest<Catalog>('/customer/catalog', { signal }),
    staleTime: 10 * 60_000,
  });
}

/** JSON, or multipart with the same fields when an invoice photo goes along. */
export async function createTicket(
  input: NewTicket,
  invoicePhoto: File | null,
  opts: { signedIn: boolean },
): Promise<CreatedTicket> {
  let body: unknown = input;
  if (invoicePhoto) {
    const form = new FormData();
    for (const [name, value] of Object.entries(input)) {
      if (value !== undefined && value !== null) form.set(name, String(value));
    }
    form.set('invoicePhoto', invoicePhoto);
    body = form;
  }
  const response = await apiRequest<z.infer<typeof createTicketResponse>>('/customer/tickets', {
    method: 'POST',
    body,
    // A signed-in customer's ticket joins "My tickets"; a guest's is found by phone at sign-in.
    auth: opts.signedIn,
  });
  return response.ticket;
}

// ---------------------------------------------------------------------------------------------
// Tracking (public), sign-in by OTP, and a signed-in customer's own tickets
// ---------------------------------------------------------------------------------------------

export type Tracking = z.infer<typeof trackResponse>;
export type TicketStatus = Tracking['ticket']['status'];
export type TimelineEntry = Tracking['timeline'][number];
export type MyTickets = z.infer<typeof myTicketsResponse>;
export type MyTicketSummary = MyTickets['tickets'][number];
export type MyTicketDetails = z.infer<typeof ticketDetailsResponse>;
export type TicketMessage = MyTicketDetails['messages'][number];
export type CustomerAttachmentType = z.infer<typeof attachmentForm>['type'];

/** Tracking tokens are base64url, 16–64 characters (the server answers "not found" to anything else). */
export const TRACKING_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** While the technician is on the way and the live connection is down, the page asks this often. */
export const TRACKING_REFRESH_MS = 15_000;

export const trackingKey = (token: string | null) => ['customer', 'track', token] as const;

/** `live`: the page receives the ticket's events, so it need not ask again by itself. */
export function useTracking(token: string | null, opts: { live?: boolean } = {}) {
  const live = opts.live ?? false;
  return useQuery({
    queryKey: trackingKey(token),
    enabled: token !== null,
    queryFn: ({ signal }) =>
      apiRequest<Tracking>(`/customer/tickets/track/${encodeURIComponent(token ?? '')}`, { signal }),
    refetchInterval: (query) =>
      !live && query.state.data?.ticket.status === 'on_route' ? TRACKING_REFRESH_MS : false,
  });
}

export function requestOtp(phone: string) {
  return apiRequest<z.infer<typeof requestOtpResponse>>('/auth/customer/request-otp', {
    method: 'POST',
    body: { phone },
  });
}

export function verifyOtp(input: { phone: string; otp: string }) {
  return apiRequest<VerifyOtpResponse>('/auth/customer/verify-otp', { method: 'POST', body: input });
}

export const MY_TICKETS_PAGE_SIZE = 10;

export function useMyTickets(opts: { statuses: readonly TicketStatus[]; page: number; enabled: boolean }) {
  return useQuery({
    queryKey: ['customer', 'myTickets', opts.statuses.join(','), opts.page],
    enabled: opts.enabled,
    queryFn: ({ signal }) =>
      apiRequest<MyTickets>('/customer/tickets', {
        signal,
        auth: true,
        query: { status: opts.statuses.join(','), page: opts.page, limit: MY_TICKETS_PAGE_SIZE },
      }),
    placeholderData: (previous) => previous,
  });
}

export const myTicketKey = (id: string) => ['customer', 'ticket', id] as const;

export function useMyTicket(id: string, enabled: boolean) {
  return useQuery({
    queryKey: myTicketKey(id),
    enabled,
    queryFn: ({ signal }) =>
      apiRequest<MyTicketDetails>(`/customer/tickets/${encodeURIComponent(id)}`, { signal, auth: true }),
  });
}

export async function sendMyMessage(id: string, content: string): Promise<TicketMessage> {
  const response = await apiRequest<z.infer<typeof messageResponse>>(
    `/customer/tickets/${encodeURIComponent(id)}/messages`,
    { method: 'POST', body: { content }, auth: true },
  );
  return response.message;
}

export async function cancelMyTicket(id: string, reason: string) {
  const response = await apiRequest<z.infer<typeof ticketResponse>>(
    `/customer/tickets/${encodeURIComponent(id)}/cancel`,
    { method: 'POST', body: { reason }, auth: true },
  );
  return response.ticket;
}

export async function addMyAttachment(id: string, type: CustomerAttachmentType, file: File) {
  const form = new FormData();
  form.set('type', type);
  form.set('file', file);
  const response = await apiRequest<z.infer<typeof attachmentResponse>>(
    `/customer/tickets/${encodeURIComponent(id)}/attachments`,
    { method: 'POST', body: form, auth: true },
  );
  return response.attachment;
}
