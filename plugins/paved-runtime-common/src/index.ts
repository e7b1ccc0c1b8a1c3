/**
 * Types, API path and constants of the Paved runtime API.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './constants';
