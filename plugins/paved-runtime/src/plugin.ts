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
        lazy: () =>
          import('./components/AutoscalingCard').then(m => m.AutoscalingCard),
      },
    }),
  );

/** @public */
export const EntityGpuCard: () => JSX.Element = pavedRuntimePlugin.provide(
  createComponentExtension({
    name: 'EntityGpuCard',
    component: {
      lazy: () => import('./components/GpuCard').then(m => m.GpuCard),
    },
  }),
);

/** @public */
export const EntityAlertsCard: () => JSX.Element = pavedRuntimePlugin.provide(
  createComponentExtension({
    name: 'EntityAlertsCard',
    component: {
      lazy: () => import('./components/AlertsCard').then(m => m.AlertsCard),
    },
  }),
);

/** @public */
export const EntityRuntimeContent: () => JSX.Element =
  pavedRuntimePlugin.provide(
    createComponentExtension({
      name: 'EntityRuntimeContent',
      component: {
        lazy: () =>
          import('./components/RuntimeContent').then(m => m.RuntimeContent),
      },
    }),
  );
