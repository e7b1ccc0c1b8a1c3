import { CacheService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PAVED_RUNTIME_ANNOTATIONS,
  RuntimeState,
} from '@paved/plugin-paved-runtime-common';
import { AlertmanagerSource } from './alertmanager/AlertmanagerSource';
import { defaultMatchers, splitMatchers } from './alertmanager/matchers';
import { assembleCluster, clusterErrors } from './assemble';
import { RuntimeCluster, RuntimeConfig } from './config';
import { KubernetesSource } from './kubernetes/KubernetesSource';
import { selectionFor } from './kubernetes/selection';
import { PrometheusSource } from './prometheus/PrometheusSource';
import { ExpiringMemo } from './ExpiringMemo';
import { SourceCache } from './SourceCache';

/**
 * An answer prepared once for every request it serves: its JSON, that JSON gzipped, and an
 * ETag naming it, so a warm request only writes bytes (or a 304).
 */
export interface RuntimeAnswer {
  state: RuntimeState;
  json: string;
  gzipped: Buffer;
  etag: string;
}

function prepare(state: RuntimeState): RuntimeAnswer {
  const json = JSON.stringify(state);
  return {
    state,
    json,
    gzipped: gzipSync(json),
    etag: `"${createHash('sha1').update(json).digest('base64url')}"`,
  };
}

/**
 * The runtime state of one entity: every cluster read in parallel; per cluster Kubernetes, with
 * Alertmanager alongside when the entity names its matchers or namespace, then Prometheus (and
 * Alertmanager otherwise), which need the namespaces, pods and HPAs Kubernetes names. Each
 * (entity, source, cluster) answer is cached and deduplicated. The assembled answer is also kept
 * in process until its oldest part's TTL ends, so a warm request costs neither cache reads nor
 * assembling nor serializing.
 */
export class RuntimeService {
  private readonly answers = new ExpiringMemo<RuntimeAnswer>(1_000);
  private readonly keys = new WeakMap<Entity, string>();

  private constructor(
    private readonly config: RuntimeConfig,
    private readonly cache: SourceCache,
    private readonly kubernetes: KubernetesSource,
    private readonly prometheus: PrometheusSource,
    private readonly alertmanager: AlertmanagerSource,
    private readonly ttlMs: number,
  ) {}

  static create(options: {
    config: RuntimeConfig;
    cache: CacheService;
  }): RuntimeService {
    const { timeoutMs, cacheTtlSeconds } = options.config;
    const cache = SourceCache.create({
      cache: options.cache,
      ttlSeconds: cacheTtlSeconds,
    });
    return new RuntimeService(
      options.config,
      cache,
      KubernetesSource.create({ timeoutMs, cache }),
      PrometheusSource.create({ timeoutMs }),
      AlertmanagerSource.create({ timeoutMs }),
      cacheTtlSeconds * 1000,
    );
  }

  async get(entity: Entity): Promise<RuntimeState> {
    return (await this.answer(entity)).state;
  }

  /** The answer for `entity`, assembled at most once per TTL in this process. */
  answer(entity: Entity): Promise<RuntimeAnswer> {
    const build = async () => prepare(await this.assemble(entity));
    if (this.ttlMs <= 0) return build();
    return this.answers.get(
      this.keyOf(entity),
      build,
      ({ state }) => Date.parse(state.generatedAt) + this.ttlMs,
    );
  }

  /**
   * The entity's annotations choose what is read: a changed entity is another answer. Remembered
   * per entity object, which the entity reader hands out again while it reuses a catalog read.
   */
  private keyOf(entity: Entity): string {
    let key = this.keys.get(entity);
    if (!key) {
      key = `${stringifyEntityRef(entity)}|${JSON.stringify(
        entity.metadata.annotations ?? {},
      )}`;
      this.keys.set(entity, key);
    }
    return key;
  }

  private async assemble(entity: Entity): Promise<RuntimeState> {
    const entityRef = stringifyEntityRef(entity);
    const perCluster = await Promise.all(
      this.config.clusters.map(cluster =>
        this.readCluster(cluster, entity, entityRef),
      ),
    );
    const fetched = perCluster.flatMap(c => c.fetchedAt).sort();
    return {
      entityRef,
      generatedAt: fetched[0] ?? new Date().toISOString(),
      environments: perCluster.flatMap(c => c.environments),
      errors: perCluster.flatMap(c => c.errors),
    };
  }

  private async readCluster(
    cluster: RuntimeCluster,
    entity: Entity,
    entityRef: string,
  ) {
    const key = (source: string) => `v1:${source}:${cluster.name}:${entityRef}`;
    const selection = selectionFor(entity);
    const annotation =
      entity.metadata.annotations?.[PAVED_RUNTIME_ANNOTATIONS.alertMatchers];
    const readAlerts = (matchers: string[]) =>
      cluster.alertmanager
        ? this.cache.get(key('alertmanager'), () =>
            this.alertmanager.read(
              cluster.name,
              cluster.alertmanager!,
              matchers,
            ),
          )
        : undefined;
    // Matchers known from the entity alone: Alertmanager is asked alongside Kubernetes.
    const knownMatchers = annotation
      ? splitMatchers(annotation)
      : selection.namespace && defaultMatchers([selection.namespace]);
    const alertsAlongside = knownMatchers
      ? readAlerts(knownMatchers)
      : undefined;
    const k8s = await this.cache.get(key('kubernetes'), () =>
      this.kubernetes.read(cluster, selection),
    );
    const envs = k8s.environments;
    // Prometheus's queries name the pods, nodes and HPAs that Kubernetes found.
    const [prometheus, alerts] = await Promise.all([
      cluster.prometheus && envs.length
        ? this.cache.get(key('prometheus'), () =>
            this.prometheus.read(cluster.name, cluster.prometheus!, envs),
          )
        : undefined,
      alertsAlongside ??
        (envs.length
          ? readAlerts(defaultMatchers(envs.map(e => e.namespace)))
          : undefined),
    ]);
    // An entity with nothing in this cluster has no alerts here, nor their errors.
    const alertmanager = envs.length ? alerts : undefined;
    return {
      fetchedAt: [
        k8s.fetchedAt,
        prometheus?.fetchedAt,
        alertmanager?.fetchedAt,
      ].filter((t): t is string => !!t),
      environments: assembleCluster({
        cluster: cluster.name,
        environments: envs,
        prometheus,
        alertmanager,
        customMatchers: !!annotation,
      }),
      errors: clusterErrors({
        kubernetes: k8s.errors,
        prometheus,
        alertmanager,
      }),
    };
  }
}
