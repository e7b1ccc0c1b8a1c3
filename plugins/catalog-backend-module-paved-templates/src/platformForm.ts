import type { JsonObject, JsonValue } from '@backstage/types';

/** The service form's fields that only a platform with a custom metrics adapter can honour. */
const CUSTOM_METRIC_FIELDS = ['customMetricName', 'customMetricTarget'];

function withoutFields(schema: JsonValue, fields: string[]): JsonValue {
  if (Array.isArray(schema)) return schema.map(s => withoutFields(s, fields));
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema as JsonObject).map(([key, value]) => {
      if (key !== 'properties' || !value || typeof value !== 'object') {
        return [key, withoutFields(value!, fields)];
      }
      const kept = Object.entries(value as JsonObject).filter(
        ([name]) => !fields.includes(name),
      );
      return [
        key,
        Object.fromEntries(
          kept.map(([n, v]) => [n, withoutFields(v!, fields)]),
        ),
      ];
    }),
  );
}

/**
 * The `service` form's pages for this platform: without a custom metrics adapter
 * (`paved.templates.prometheus.customMetricsAdapter`) the custom HPA metric is not offered, since
 * the planner would refuse it after submit.
 */
export function serviceFormForPlatform(
  parameters: JsonValue,
  platform: { customMetricsAdapter: boolean },
): JsonValue {
  return platform.customMetricsAdapter
    ? parameters
    : withoutFields(parameters, CUSTOM_METRIC_FIELDS);
}
