import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { PAVED_RUNTIME_PLUGIN_ID } from '@paved/plugin-paved-runtime-common';
import { pavedRuntimeApiRef } from './api/PavedRuntimeApi';
import { PavedRuntimeClient } from './api/PavedRuntimeClient';
import { isPavedRuntimeAvailable } from './isPavedRuntimeAvailable';

const pavedRuntimeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pavedRuntimeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => PavedRuntimeClient.create(deps),
    }),
});

const autoscalingCard = EntityCardBlueprint.make({
  name: 'autoscaling',
  params: {
    filter: isPavedRuntimeAvailable,
    loader: () =>
      import('./components/AutoscalingCard').then(m => <m.AutoscalingCard />),
  },
});

const gpuCard = EntityCardBlueprint.make({
  name: 'gpu',
  params: {
    filter: isPavedRuntimeAvailable,
    loader: () => import('./components/GpuCard').then(m => <m.GpuCard />),
  },
});

const alertsCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: isPavedRuntimeAvailable,
    loader: () => import('./components/AlertsCard').then(m => <m.AlertsCard />),
  },
});

const runtimeContent = EntityContentBlueprint.make({
  name: 'runtime',
  params: {
    path: 'runtime',
    title: 'Runtime',
    filter: isPavedRuntimeAvailable,
    loader: () =>
      import('./components/RuntimeContent').then(m => <m.RuntimeContent />),
  },
});

/**
 * The runtime cards (Autoscaling, GPU, Alerts) and the Runtime tab for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: PAVED_RUNTIME_PLUGIN_ID,
  extensions: [
    pavedRuntimeApi,
    autoscalingCard,
    gpuCard,
    alertsCard,
    runtimeContent,
  ],
});
