// In-process domain events, published only after the transaction that caused them commits.
import { EventEmitter } from 'node:events';
import type { TicketStatus } from '../../domain/lifecycle/types';

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
