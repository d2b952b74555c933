export * from './engine';
export * from './types';
export { visitWorkflow } from './visit-workflow';
