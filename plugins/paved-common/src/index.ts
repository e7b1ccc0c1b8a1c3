/**
 * Shared types, annotations and permissions of the Paved plugin suite.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './service';
export * from './fieldPath';
