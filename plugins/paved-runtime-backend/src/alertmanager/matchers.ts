import { oneOf } from '../prometheus/promql';

/**
 * Splits an Alertmanager matcher list (`{a="x", b=~"y,z"}` or `a="x",b=~"y"`) into the single
 * matchers the API's `filter` parameter takes, each kept exactly as written.
 */
export function splitMatchers(annotation: string): string[] {
  let text = annotation.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  const matchers: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) {
      current += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      matchers.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  matchers.push(current.trim());
  return matchers.filter(Boolean);
}

/** By default, alerts in the component's namespaces. */
export function defaultMatchers(namespaces: string[]): string[] {
  return [`namespace=~${oneOf(namespaces)}`];
}

/** Labels that name the workload an alert is about (kube-state-metrics, mixins, dcgm-exporter). */
const WORKLOAD_LABELS = [
  'deployment',
  'statefulset',
  'daemonset',
  'job_name',
  'horizontalpodautoscaler',
  'pod',
  'exported_pod',
  'service',
  'workload',
];

/**
 * Alertmanager cannot OR matchers over different labels, so the default filter is the
 * namespaces (server-side) and this narrows to alerts about the component's workloads or pods,
 * or about none in particular.
 */
export function isAboutWorkloads(
  labels: Record<string, string>,
  names: Set<string>,
): boolean {
  const named = WORKLOAD_LABELS.filter(l => labels[l]);
  return named.length === 0 || named.some(l => names.has(labels[l]));
}
