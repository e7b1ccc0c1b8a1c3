import {
  RuntimeArgoCd,
  RuntimeError,
  RuntimeGpuNode,
  RuntimeHpa,
} from '@paved/plugin-paved-runtime-common';
import { GpuClaim } from './kubernetes/gpu';

/** One environment as Kubernetes describes it, before Prometheus and Alertmanager add to it. */
export interface KubernetesEnvironment {
  name: string;
  namespace: string;
  hpas: RuntimeHpa[];
  gpu: {
    workloads: GpuClaim[];
    nodes: RuntimeGpuNode[];
    quota: {
      hard: Record<string, string>;
      used: Record<string, string>;
    } | null;
  };
  argocd: RuntimeArgoCd | null;
  /** Names of the component's workloads and pods here, for the default alert matching. */
  workloads: string[];
  pods: string[];
}

/** What one cluster's Kubernetes API said about one entity; JSON so that it can be cached. */
export interface KubernetesSnapshot {
  cluster: string;
  fetchedAt: string;
  environments: KubernetesEnvironment[];
  errors: RuntimeError[];
}

/** GPU figures from DCGM, keyed `namespace/pod` and by node name. */
export interface PrometheusSnapshot {
  fetchedAt: string;
  gpuByPod: Record<
    string,
    { utilization: number[]; usedBytes?: number; totalBytes?: number }
  >;
  gpuUtilizationByNode: Record<string, number>;
  /** Replica history keyed `namespace/hpa`. */
  history: Record<string, { t: string; replicas: number }[]>;
  errors: RuntimeError[];
}
