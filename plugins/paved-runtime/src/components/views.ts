// The cards and the tab, in one lazily loaded chunk (see lazyViews.ts).
export { AutoscalingCard } from './AutoscalingCard';
export { GpuCard } from './GpuCard';
export { AlertsCard } from './AlertsCard';
export { RuntimeContent } from './RuntimeContent';
