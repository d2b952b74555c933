export * from './escalations';
export * from './idempotency';
export * from './notifications';
export * from './organizations';
export * from './realtime';
export * from './sla';
export * from './tickets';
export * from './users';
