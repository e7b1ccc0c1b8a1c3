/**
 * How the platform routes traffic to services: `Ingress` objects of an ingress class, or Gateway
 * API `HTTPRoute`s attached to one Gateway.
 *
 * @public
 */
export type PlatformIngress =
  | { kind: 'Ingress'; className: string }
  | { kind: 'HTTPRoute'; gateway: { name: string; namespace: string } };

/**
 * Cluster add-ons the generated charts rely on (`paved.templates.ingress`, `.gpu` and
 * `.prometheus`), read once from the platform's configuration.
 *
 * @public
 */
export interface PlatformTemplateDefaults {
  ingress: PlatformIngress;
  /** RuntimeClass of GPU pods; empty to leave `runtimeClassName` out. */
  gpuRuntimeClassName: string;
  /** Labels the Prometheus operator's `serviceMonitorSelector` selects ServiceMonitors by. */
  serviceMonitorLabels: Record<string, string>;
  /** Whether a custom metrics adapter (prometheus-adapter) serves Pods metrics to the HPA. */
  customMetricsAdapter: boolean;
}

/** What a platform that configured nothing gets. @public */
export const DEFAULT_PLATFORM_TEMPLATE_DEFAULTS: PlatformTemplateDefaults = {
  ingress: { kind: 'Ingress', className: 'nginx' },
  gpuRuntimeClassName: 'nvidia',
  serviceMonitorLabels: {},
  customMetricsAdapter: false,
};
