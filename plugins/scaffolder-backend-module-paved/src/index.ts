/**
 * Paved's scaffolder actions, and publishing to local git repositories the catalog can read
 * without any SCM host or token.
 *
 * @packageDocumentation
 */
export { pavedScaffolderFeatures as default } from './features';
export { scaffolderModulePaved } from './module';
export * from './actions';
export * from './localGit';
export * from './urlReader';
export * from './service';
export * from './authorization';
