export * from './gpu';
export * from './serviceParameters';
export * from './serviceValues';
export * from './platformEnvironments';
export type { ValidationResult } from './validation';
export * from './repoUrl';
export * from './platformTemplates';
