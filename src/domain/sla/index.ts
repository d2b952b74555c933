// Public surface of the SLA engine.
export * from './calendar';
export * from './engine';
export * from './policies';
export * from './targets';
