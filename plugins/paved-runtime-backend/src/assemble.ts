import {
  RuntimeAlerts,
  RuntimeEnvironment,
  RuntimeError,
} from '@paved/plugin-paved-runtime-common';
import { AlertmanagerSnapshot } from './alertmanager/AlertmanagerSource';
import { isAboutWorkloads } from './alertmanager/matchers';
import { KubernetesEnvironment, PrometheusSnapshot } from './snapshots';

export interface ClusterParts {
  cluster: string;
  environments: KubernetesEnvironment[];
  prometheus?: PrometheusSnapshot;
  /** Undefined when the cluster has no Alertmanager configured. */
  alertmanager?: AlertmanagerSnapshot;
  /** True when the alerts came from the entity's own matchers, used as given. */
  customMatchers: boolean;
}

const mean = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

/** The sum of the known figures; null when no pod has one. */
function sumOrNull(values: (number | undefined)[]): number | null {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

function alertsFor(
  env: KubernetesEnvironment,
  parts: ClusterParts,
): RuntimeAlerts {
  const am = parts.alertmanager;
  if (!am) return { status: 'not-configured', items: [] };
  if (am.errors.length) return { status: 'unavailable', items: [] };
  const names = new Set([...env.workloads, ...env.pods]);
  const items = am.alerts.filter(alert => {
    const namespace = alert.labels.exported_namespace ?? alert.labels.namespace;
    if (namespace !== undefined && namespace !== env.namespace) return false;
    return parts.customMatchers || isAboutWorkloads(alert.labels, names);
  });
  return {
    status: items.some(a => a.state === 'active') ? 'firing' : 'ok',
    items,
  };
}

/** One cluster's environments in the API's shape: Kubernetes objects plus what Prometheus and Alertmanager add. */
export function assembleCluster(parts: ClusterParts): RuntimeEnvironment[] {
  const prom = parts.prometheus;
  return parts.environments.map(env => ({
    name: env.name,
    cluster: parts.cluster,
    namespace: env.namespace,
    hpas: env.hpas.map(hpa => ({
      ...hpa,
      history: prom?.history[`${env.namespace}/${hpa.name}`] ?? [],
    })),
    gpu: {
      workloads: env.gpu.workloads.map(({ podNames, ...workload }) => {
        const figures = podNames
          .map(pod => prom?.gpuByPod[`${env.namespace}/${pod}`])
          .filter(f => f !== undefined);
        return {
          ...workload,
          utilizationPercent: mean(figures.flatMap(f => f.utilization)),
          memoryUsedBytes: sumOrNull(figures.map(f => f.usedBytes)),
          memoryTotalBytes: sumOrNull(figures.map(f => f.totalBytes)),
        };
      }),
      nodes: env.gpu.nodes.map(node => ({
        ...node,
        utilizationPercent: prom?.gpuUtilizationByNode[node.name] ?? null,
      })),
      quota: env.gpu.quota,
    },
    alerts: alertsFor(env, parts),
    argocd: env.argocd,
  }));
}

export function clusterErrors(parts: {
  kubernetes: RuntimeError[];
  prometheus?: PrometheusSnapshot;
  alertmanager?: AlertmanagerSnapshot;
}): RuntimeError[] {
  return [
    ...parts.kubernetes,
    ...(parts.prometheus?.errors ?? []),
    ...(parts.alertmanager?.errors ?? []),
  ];
}
