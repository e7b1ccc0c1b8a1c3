/**
 * The Paved runtime backend plugin.
 *
 * @packageDocumentation
 */
export { pavedRuntimePlugin as default } from './plugin';
