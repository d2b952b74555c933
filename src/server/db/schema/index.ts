export * from './escalations';
export * from './notifications';
export * from './organizations';
export * from './tickets';
export * from './users';
