export {
  PortalBackend,
  type PortalBackendOptions,
  type TaskResult,
} from './PortalBackend';
export { TEMPLATES_DIR } from './TemplateDryRunner';
