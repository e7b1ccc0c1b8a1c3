import { Config } from '@backstage/config';
import {
  DEFAULT_PLATFORM_TEMPLATE_DEFAULTS,
  PlatformIngress,
  PlatformTemplateDefaults,
} from '@paved/plugin-paved-common';

const KEY = 'paved.templates';
const DEFAULT_INGRESS = DEFAULT_PLATFORM_TEMPLATE_DEFAULTS.ingress;
const DEFAULT_CLASS =
  DEFAULT_INGRESS.kind === 'Ingress' ? DEFAULT_INGRESS.className : '';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function name(config: Config, key: string, pattern: RegExp): string {
  const value = config.getString(key);
  if (!pattern.test(value) || value.length > 253) {
    throw new Error(
      `Invalid ${KEY}.ingress.${key}: ${JSON.stringify(
        value,
      )} is not a Kubernetes object name`,
    );
  }
  return value;
}

function readIngress(config: Config | undefined): PlatformIngress {
  if (!config) return DEFAULT_INGRESS;
  const kind = config.getOptionalString('kind') ?? 'Ingress';
  if (kind === 'HTTPRoute') {
    return {
      kind,
      gateway: {
        name: name(config, 'gateway.name', DNS_SUBDOMAIN),
        namespace: name(config, 'gateway.namespace', DNS_LABEL),
      },
    };
  }
  if (kind !== 'Ingress') {
    throw new Error(
      `Invalid ${KEY}.ingress.kind: ${JSON.stringify(
        kind,
      )}; use Ingress or HTTPRoute`,
    );
  }
  if (!config.has('className')) return { kind, className: DEFAULT_CLASS };
  return { kind, className: name(config, 'className', DNS_SUBDOMAIN) };
}

function readLabels(config: Config | undefined): Record<string, string> {
  if (!config) return DEFAULT_PLATFORM_TEMPLATE_DEFAULTS.serviceMonitorLabels;
  return Object.fromEntries(
    config.keys().map(label => [label, config.getString(label)]),
  );
}

/**
 * Reads the cluster add-ons the generated charts rely on from `paved.templates` (`ingress`,
 * `gpu.runtimeClassName`, `prometheus`), with the documented defaults; throws naming the key when
 * a setting is invalid.
 */
export function readPlatformTemplateDefaults(
  config: Config,
): PlatformTemplateDefaults {
  const templates = config.getOptionalConfig(KEY);
  // An empty string leaves runtimeClassName out (Backstage's config drops null values).
  const runtimeClassName = templates?.getOptional('gpu.runtimeClassName');
  const gpuRuntimeClassName =
    runtimeClassName === ''
      ? ''
      : templates?.getOptionalString('gpu.runtimeClassName') ??
        DEFAULT_PLATFORM_TEMPLATE_DEFAULTS.gpuRuntimeClassName;
  return {
    ingress: readIngress(templates?.getOptionalConfig('ingress')),
    gpuRuntimeClassName,
    serviceMonitorLabels: readLabels(
      templates?.getOptionalConfig('prometheus.serviceMonitorLabels'),
    ),
    customMetricsAdapter:
      templates?.getOptionalBoolean('prometheus.customMetricsAdapter') ??
      DEFAULT_PLATFORM_TEMPLATE_DEFAULTS.customMetricsAdapter,
  };
}
