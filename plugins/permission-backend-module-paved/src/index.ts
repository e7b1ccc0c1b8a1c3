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
export {
  PAVED_PERMISSION_RULES,
  PermissionRuleTable,
  type PavedPermissionRule,
} from './permissionRules';
export { TeamDirectory } from './TeamDirectory';
