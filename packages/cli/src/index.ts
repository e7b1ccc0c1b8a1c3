/**
 * The `paved` command line: Paved environments from CI, without a Backstage server.
 *
 * @packageDocumentation
 */
export { main } from './main';
export type { CliIo } from './main';
