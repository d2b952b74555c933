export * from './escalations';
export * from './organizations';
export * from './tickets';
export * from './users';
