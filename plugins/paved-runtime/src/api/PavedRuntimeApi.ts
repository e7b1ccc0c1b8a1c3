import { createApiRef } from '@backstage/frontend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { RuntimeState } from '@paved/plugin-paved-runtime-common';

/**
 * Reads the runtime state (HPAs, GPUs, alerts, Argo CD) of one entity from the
 * `paved-runtime` backend.
 *
 * @public
 */
export interface PavedRuntimeApi {
  getRuntimeState(entityRef: CompoundEntityRef): Promise<RuntimeState>;
}

/** @public */
export const pavedRuntimeApiRef = createApiRef<PavedRuntimeApi>().with({
  id: 'plugin.paved-runtime.service',
  pluginId: 'paved-runtime',
});
