import {
  HpaMetricValue,
  RuntimeHpaMetric,
} from '@paved/plugin-paved-runtime-common';
import { formatBytes, parseQuantity } from './format';

/** `cpu` in `Resource`, `requests_per_second on Ingress/main-route` in `Object`. */
export function metricLabel(metric: RuntimeHpaMetric): string {
  switch (metric.type) {
    case 'ContainerResource':
      return `${metric.name} of container ${metric.container ?? '?'}`;
    case 'Object':
      return metric.describedObject
        ? `${metric.name} on ${metric.describedObject.kind}/${metric.describedObject.name}`
        : metric.name;
    case 'Pods':
      return `${metric.name} per pod`;
    default:
      return metric.name;
  }
}

function quantityWithUnit(quantity: string, metricName: string): string {
  const number = parseQuantity(quantity);
  if (number === undefined) {
    return quantity;
  }
  if (metricName === 'cpu') {
    return `${Number(number.toFixed(3))} cores`;
  }
  if (metricName === 'memory' || metricName === 'ephemeral-storage') {
    return formatBytes(number);
  }
  return `${Number(number.toPrecision(4))} ${metricName}`;
}

/**
 * One side of a metric (target or current) with its unit: `70% of requests`,
 * `0.652 cores per pod`, `10000 requests_per_second`.
 */
export function formatMetricValue(
  value: HpaMetricValue | null,
  metricName: string,
): string {
  if (!value) {
    return 'unknown';
  }
  if (value.averageUtilization !== undefined) {
    return `${value.averageUtilization}% of requests`;
  }
  if (value.averageValue !== undefined) {
    return `${quantityWithUnit(value.averageValue, metricName)} per pod`;
  }
  if (value.value !== undefined) {
    return quantityWithUnit(value.value, metricName);
  }
  return 'unknown';
}

/** Whether the current value is above the target, compared in the target's own terms. */
export function isAboveTarget(metric: RuntimeHpaMetric): boolean {
  const { target, current } = metric;
  if (!current) {
    return false;
  }
  if (target.averageUtilization !== undefined) {
    return (current.averageUtilization ?? 0) > target.averageUtilization;
  }
  const pick = (v: HpaMetricValue) =>
    parseQuantity(
      (target.averageValue !== undefined ? v.averageValue : v.value) ?? '',
    );
  const [t, c] = [pick(target), pick(current)];
  return t !== undefined && c !== undefined && c > t;
}
