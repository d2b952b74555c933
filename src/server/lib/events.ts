// In-process domain events, published only after the transaction that caused them commits.
import { EventEmitter } from 'node:events';
import type { TicketStatus } from '../../domain/lifecycle/types';
import type { Eta } from '../modules/tracking/eta';
import type { GeofenceEvent } from '../modules/tracking/geofence';

export interface DomainEvents {
  'ticket:updated': { organizationId: string; ticketId: string; status: TicketStatus; action: string };
  'ticket:message': { organizationId: string; ticketId: string; messageId: string };
  'outbox:written': { count: number };
  'escalation:created': {
    organizationId: string;
    escalationId: string;
    ticketId: string;
    ruleId: string;
    level: string;
  };
  /** A stored location ping, with the ticket the technician is travelling to or working on. */
  'technician:location': {
    organizationId: string;
    technicianId: string;
    technicianName: string;
    lat: number;
    lng: number;
    accuracy: number | null;
    speed: number | null;
    heading: number | null;
    recordedAt: string;
    ticket: { id: string; ticketNumber: string; status: TicketStatus } | null;
    eta: Eta | null;
    geofence: GeofenceEvent | null;
  };
}

export class DomainEventBus {
  private readonly emitter = new EventEmitter();

  publish<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  subscribe<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
