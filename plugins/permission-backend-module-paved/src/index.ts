/**
 * Paved's permission policy for the Backstage permission backend.
 *
 * @packageDocumentation
 */
export { permissionModulePavedPolicy as default } from './module';
export {
  PavedPermissionPolicy,
  type PavedPermissionPolicyOptions,
} from './PavedPermissionPolicy';
