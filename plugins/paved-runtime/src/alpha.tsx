import {
  ApiBlueprint,
  AppRootElementBlueprint,
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
import {
  AlertsCard,
  AutoscalingCard,
  GpuCard,
  RuntimeContent,
} from './components/lazyViews';
import { RuntimeViewsPreloader } from './components/RuntimeViewsPreloader';

const pavedRuntimeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pavedRuntimeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => PavedRuntimeClient.create(deps),
    }),
});

const viewsPreloader = AppRootElementBlueprint.make({
  name: 'views-preloader',
  params: { element: <RuntimeViewsPreloader /> },
});

const autoscalingCard = EntityCardBlueprint.make({
  name: 'autoscaling',
  params: {
    filter: isPavedRuntimeAvailable,
    loader: async () => <AutoscalingCard />,
  },
});

const gpuCard = EntityCardBlueprint.make({
  name: 'gpu',
  params: {
    filter: isPavedRuntimeAvailable,
    loader: async () => <GpuCard />,
  },
});

const alertsCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: isPavedRuntimeAvailable,
    loader: async () => <AlertsCard />,
  },
});

const runtimeContent = EntityContentBlueprint.make({
  name: 'runtime',
  params: {
    path: 'runtime',
    title: 'Runtime',
    filter: isPavedRuntimeAvailable,
    loader: async () => <RuntimeContent />,
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
    viewsPreloader,
    autoscalingCard,
    gpuCard,
    alertsCard,
    runtimeContent,
  ],
});
