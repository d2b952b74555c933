// One colour per ticket status for the charts, by stage: blues waiting, ambers in progress, green
// done, red not fixed, grey cancelled.
import type { TicketStatus } from '../../../../domain/lifecycle/types';

export const STATUS_COLORS: Record<TicketStatus, string> = {
  new: '#1d4ed8',
  assigned: '#3b82f6',
  scheduled: '#0e7490',
  on_route: '#c2410c',
  arrived: '#ea580c',
  inspecting: '#a16207',
  diagnosed: '#ca8a04',
  repairing: '#d97706',
  waiting_parts: '#7e22ce',
  pickup_device: '#be185d',
  in_workshop: '#9333ea',
  ready_delivery: '#0891b2',
  completed: '#15803d',
  not_fixed: '#b91c1c',
  cancelled: '#6b7280',
};
