import { HttpEndpoint } from '../config';
import { KubernetesEnvironment, PrometheusSnapshot } from '../snapshots';
import { fetchJson } from '../upstream/fetchJson';
import { UpstreamError, toRuntimeError } from '../upstream/errors';
import { hostOf, oneOf, podKeyOf, sampleValue } from './promql';

interface Sample {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

/** Replica history: one hour, one point a minute, so a sparkline never asks for more. */
const HISTORY_WINDOW_SECONDS = 3600;
const HISTORY_STEP_SECONDS = 60;
const MIB = 1024 * 1024;

/**
 * DCGM GPU figures joined to the entity's pods and nodes, and HPA replica history from
 * kube-state-metrics, from one cluster's Prometheus; the queries run in parallel.
 */
export class PrometheusSource {
  private constructor(private readonly timeoutMs: number) {}

  static create(options: { timeoutMs: number }): PrometheusSource {
    return new PrometheusSource(options.timeoutMs);
  }

  private async query(
    endpoint: HttpEndpoint,
    path: string,
    params: Record<string, string>,
  ): Promise<Sample[]> {
    const body = (await fetchJson(
      endpoint,
      `${path}?${new URLSearchParams(params)}`,
      this.timeoutMs,
      'query prometheus',
    )) as { status?: string; data?: { result?: Sample[] } };
    if (body?.status !== 'success' || !Array.isArray(body.data?.result)) {
      throw new UpstreamError(
        'bad-response',
        'query prometheus: malformed response',
      );
    }
    return body.data!.result!;
  }

  async read(
    cluster: string,
    endpoint: HttpEndpoint,
    environments: KubernetesEnvironment[],
  ): Promise<PrometheusSnapshot> {
    const snapshot: PrometheusSnapshot = {
      fetchedAt: new Date().toISOString(),
      gpuByPod: {},
      gpuUtilizationByNode: {},
      history: {},
      errors: [],
    };
    const gpuEnvs = environments.filter(e => e.gpu.workloads.length);
    const namespaces = oneOf(gpuEnvs.map(e => e.namespace));
    const hosts = oneOf(gpuEnvs.flatMap(e => e.gpu.nodes.map(n => n.name)));
    const dcgm = (metric: string, byHost: boolean) =>
      [
        `${metric}{namespace=~${namespaces}}`,
        `${metric}{exported_namespace=~${namespaces}}`,
        ...(byHost
          ? [`${metric}{Hostname=~${hosts}}`, `${metric}{hostname=~${hosts}}`]
          : []),
      ].join(' or ');
    const hpaEnvs = environments.filter(e => e.hpas.length);
    // Millisecond precision: a whole-second end can fall before the freshest sample.
    const now = Date.now() / 1000;
    const instant = (q: string) =>
      this.query(endpoint, '/api/v1/query', { query: q });

    const settled = await Promise.allSettled([
      gpuEnvs.length ? instant(dcgm('DCGM_FI_DEV_GPU_UTIL', true)) : [],
      gpuEnvs.length ? instant(dcgm('DCGM_FI_DEV_FB_USED', false)) : [],
      gpuEnvs.length ? instant(dcgm('DCGM_FI_DEV_FB_FREE', false)) : [],
      hpaEnvs.length
        ? this.query(endpoint, '/api/v1/query_range', {
            query: `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{namespace=~${oneOf(
              hpaEnvs.map(e => e.namespace),
            )}, horizontalpodautoscaler=~${oneOf(
              hpaEnvs.flatMap(e => e.hpas.map(h => h.name)),
            )}})`,
            start: (now - HISTORY_WINDOW_SECONDS).toFixed(3),
            end: now.toFixed(3),
            step: String(HISTORY_STEP_SECONDS),
          })
        : [],
    ]);
    const [util, used, free, history] = settled.map(s =>
      s.status === 'fulfilled' ? s.value : [],
    );
    const failure = settled.find(s => s.status === 'rejected');
    if (failure) {
      snapshot.errors.push(
        toRuntimeError(
          'prometheus',
          cluster,
          (failure as PromiseRejectedResult).reason,
          'query prometheus',
        ),
      );
    }

    const podEntry = (key: string) =>
      (snapshot.gpuByPod[key] ??= {
        utilization: [],
        usedBytes: 0,
        totalBytes: 0,
      });
    const nodeUtil: Record<string, number[]> = {};
    for (const s of util) {
      const v = sampleValue(s.value?.[1]);
      if (v === undefined) continue;
      const key = podKeyOf(s.metric);
      if (key) podEntry(key).utilization.push(v);
      const host = hostOf(s.metric);
      if (host) (nodeUtil[host] ??= []).push(v);
    }
    for (const [host, values] of Object.entries(nodeUtil)) {
      snapshot.gpuUtilizationByNode[host] =
        values.reduce((a, b) => a + b, 0) / values.length;
    }
    for (const [samples, field] of [
      [used, 'used'],
      [free, 'free'],
    ] as const) {
      for (const s of samples) {
        const v = sampleValue(s.value?.[1]);
        const key = podKeyOf(s.metric);
        if (v === undefined || !key) continue;
        const entry = podEntry(key);
        if (field === 'used')
          entry.usedBytes = (entry.usedBytes ?? 0) + v * MIB;
        entry.totalBytes = (entry.totalBytes ?? 0) + v * MIB;
      }
    }
    for (const s of history) {
      snapshot.history[
        `${s.metric.namespace}/${s.metric.horizontalpodautoscaler}`
      ] = (s.values ?? []).flatMap(([t, value]) => {
        const replicas = sampleValue(value);
        return replicas === undefined
          ? []
          : [{ t: new Date(t * 1000).toISOString(), replicas }];
      });
    }
    return snapshot;
  }
}
