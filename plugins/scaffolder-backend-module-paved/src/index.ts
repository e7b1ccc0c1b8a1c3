/**
 * Paved's scaffolder actions.
 *
 * @packageDocumentation
 */
export { scaffolderModulePaved as default } from './module';
export * from './actions';
