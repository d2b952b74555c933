export * from './escalations';
export * from './notifications';
export * from './organizations';
export * from './realtime';
export * from './sla';
export * from './tickets';
export * from './users';
