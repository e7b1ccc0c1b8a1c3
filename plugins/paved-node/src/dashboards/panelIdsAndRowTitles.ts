/**
 * Panel ids of the service dashboard. They are fixed per panel, not counted, so a panel keeps its
 * id (and its `viewPanel=` links) whether or not the HPA and GPU sections are present.
 *
 * @public
 */
export const SERVICE_DASHBOARD_PANEL_IDS = {
  trafficRow: 1,
  requestRate: 2,
  errorRatio: 3,
  latencyP95: 4,
  podsRow: 5,
  podsReady: 6,
  cpu: 7,
  memory: 8,
  autoscalingRow: 9,
  hpaReplicas: 10,
  hpaMetrics: 11,
  gpuRow: 12,
  gpuUtilization: 13,
  gpuMemory: 14,
  gpuXidErrors: 15,
} as const;

/** Titles of the dashboard's rows, which group its panels. @public */
export const SERVICE_DASHBOARD_ROWS = {
  traffic: 'Traffic',
  pods: 'Pods and resources',
  autoscaling: 'Autoscaling',
  gpu: 'GPU',
} as const;
