import { ComponentType } from 'react';
import { prefetchingView } from './prefetchingView';

type Views = Record<
  'AutoscalingCard' | 'GpuCard' | 'AlertsCard' | 'RuntimeContent',
  ComponentType<{}>
>;

let views: Promise<Views> | undefined;
let loadedViews: Views | undefined;

/**
 * Loads the chunk of the cards and the tab, once. One chunk: an entity page shows them together,
 * and the page's other lazy chunks queue for the same few connections. The plugin's preloader
 * calls it at app start, so that an entity page finds the chunk loaded instead of requesting it
 * behind the page's own chunks.
 */
export function loadRuntimeViews(): Promise<Views> {
  views ??= import(
    /* webpackChunkName: "paved-runtime-views" */ './views'
  ).then(
    ({ AutoscalingCard, GpuCard, AlertsCard, RuntimeContent }) => {
      loadedViews = { AutoscalingCard, GpuCard, AlertsCard, RuntimeContent };
      return loadedViews;
    },
    error => {
      views = undefined; // the next render tries again
      throw error;
    },
  );
  return views;
}

// Their code loads lazily while their data is requested at once.
function runtimeView(pick: (views: Views) => ComponentType<{}>) {
  return prefetchingView(
    () => loadRuntimeViews().then(pick),
    () => loadedViews && pick(loadedViews),
  );
}

export const AutoscalingCard = runtimeView(v => v.AutoscalingCard);
export const GpuCard = runtimeView(v => v.GpuCard);
export const AlertsCard = runtimeView(v => v.AlertsCard);
export const RuntimeContent = runtimeView(v => v.RuntimeContent);
