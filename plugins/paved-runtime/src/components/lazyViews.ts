import { prefetchingView } from './prefetchingView';

// The cards and the tab: their code loads lazily, in one chunk (an entity page shows them
// together, and the page's other lazy chunks queue for the same few connections), while their
// data is requested at once.
export const AutoscalingCard = prefetchingView(() =>
  import(
    /* webpackChunkName: "paved-runtime-views" */ './AutoscalingCard'
  ).then(m => m.AutoscalingCard),
);
export const GpuCard = prefetchingView(() =>
  import(/* webpackChunkName: "paved-runtime-views" */ './GpuCard').then(
    m => m.GpuCard,
  ),
);
export const AlertsCard = prefetchingView(() =>
  import(/* webpackChunkName: "paved-runtime-views" */ './AlertsCard').then(
    m => m.AlertsCard,
  ),
);
export const RuntimeContent = prefetchingView(() =>
  import(/* webpackChunkName: "paved-runtime-views" */ './RuntimeContent').then(
    m => m.RuntimeContent,
  ),
);
