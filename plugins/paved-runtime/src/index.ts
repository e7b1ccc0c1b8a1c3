/**
 * Runtime cards of Paved: autoscaling, GPU and alerts per environment on entity pages, and a
 * Runtime tab. The root export is for the old frontend system; `/alpha` is the new one's plugin.
 *
 * @packageDocumentation
 */
export {
  pavedRuntimePlugin,
  EntityAutoscalingCard,
  EntityGpuCard,
  EntityAlertsCard,
  EntityRuntimeContent,
} from './plugin';
export { isPavedRuntimeAvailable } from './isPavedRuntimeAvailable';
export { pavedRuntimeApiRef } from './api/PavedRuntimeApi';
export type { PavedRuntimeApi } from './api/PavedRuntimeApi';
export { PavedRuntimeClient } from './api/PavedRuntimeClient';
