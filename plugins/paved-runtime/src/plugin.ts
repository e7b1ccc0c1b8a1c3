import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PAVED_RUNTIME_PLUGIN_ID } from '@paved/plugin-paved-runtime-common';
import { pavedRuntimeApiRef } from './api/PavedRuntimeApi';
import { PavedRuntimeClient } from './api/PavedRuntimeClient';
import {
  AlertsCard,
  AutoscalingCard,
  GpuCard,
  RuntimeContent,
} from './components/lazyViews';

/**
 * The runtime cards for apps on the old frontend system; the new frontend system's plugin is
 * the `/alpha` export.
 *
 * @public
 */
export const pavedRuntimePlugin = createPlugin({
  id: PAVED_RUNTIME_PLUGIN_ID,
  apis: [
    createApiFactory({
      api: pavedRuntimeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => PavedRuntimeClient.create(deps),
    }),
  ],
});

/** @public */
export const EntityAutoscalingCard: () => JSX.Element =
  pavedRuntimePlugin.provide(
    createComponentExtension({
      name: 'EntityAutoscalingCard',
      component: {
        sync: AutoscalingCard,
      },
    }),
  );

/** @public */
export const EntityGpuCard: () => JSX.Element = pavedRuntimePlugin.provide(
  createComponentExtension({
    name: 'EntityGpuCard',
    component: {
      sync: GpuCard,
    },
  }),
);

/** @public */
export const EntityAlertsCard: () => JSX.Element = pavedRuntimePlugin.provide(
  createComponentExtension({
    name: 'EntityAlertsCard',
    component: {
      sync: AlertsCard,
    },
  }),
);

/** @public */
export const EntityRuntimeContent: () => JSX.Element =
  pavedRuntimePlugin.provide(
    createComponentExtension({
      name: 'EntityRuntimeContent',
      component: {
        sync: RuntimeContent,
      },
    }),
  );
