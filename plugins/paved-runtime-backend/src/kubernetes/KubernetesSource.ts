import {
  CoreV1Api,
  KubeConfig,
  V1Namespace,
  V1Node,
  V1Pod,
  V1ResourceQuota,
  V2HorizontalPodAutoscaler,
  V1Deployment,
} from '@kubernetes/client-node';
import { abortAfter } from '@paved/plugin-paved-node';
import {
  RuntimeError,
  RuntimeGpuNode,
} from '@paved/plugin-paved-runtime-common';
import { RuntimeCluster } from '../config';
import { classifyError, UpstreamError } from '../upstream/errors';
import { KubernetesSnapshot } from '../snapshots';
import { SourceCache } from '../SourceCache';
import { ObjectSelection } from './selection';
import { buildEnvironments, ArgoApplication } from './environments';
import { gpuInventory } from './gpu';
import { KubernetesClients, keepAliveClients } from './keepAliveClients';

/** Pods that hold their resources: scheduled on a node, neither succeeded nor failed. */
const SCHEDULED_RUNNING_PODS =
  'spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed';

/** A read that failed, kept so the answer can say what is missing. */
interface Failure {
  source: RuntimeError['source'];
  error: UpstreamError;
}

/**
 * Reads one entity's objects from one cluster: every list in parallel (one round trip), each
 * bounded by the same deadline, every failure turned into an `errors` entry. The cluster's GPU
 * nodes come from a per-cluster cached inventory read alongside.
 */
export class KubernetesSource {
  private readonly clients = new WeakMap<
    KubeConfig,
    Promise<KubernetesClients>
  >();

  private constructor(
    private readonly timeoutMs: number,
    private readonly cache: SourceCache,
  ) {}

  static create(options: {
    timeoutMs: number;
    cache: SourceCache;
  }): KubernetesSource {
    return new KubernetesSource(options.timeoutMs, options.cache);
  }

  /**
   * The cluster's GPU nodes and the GPUs its scheduled pods ask for: two lists in parallel,
   * whichever component runs there. Throws the first failure, classified.
   */
  private async readGpuInventory(core: CoreV1Api): Promise<RuntimeGpuNode[]> {
    const options = abortAfter(this.timeoutMs);
    const list = async <T>(
      what: string,
      call: () => Promise<{ items: T[] }>,
    ): Promise<T[]> => {
      try {
        return (await call()).items ?? [];
      } catch (error) {
        throw classifyError(error, what);
      }
    };
    const [nodes, scheduledPods] = await Promise.all([
      list<V1Node>('list nodes', () => core.listNode({}, options)),
      list<V1Pod>('list scheduled pods', () =>
        core.listPodForAllNamespaces(
          { fieldSelector: SCHEDULED_RUNNING_PODS },
          options,
        ),
      ),
    ]);
    return gpuInventory(nodes, scheduledPods);
  }

  private clientsFor(kubeConfig: KubeConfig): Promise<KubernetesClients> {
    let clients = this.clients.get(kubeConfig);
    if (!clients) {
      clients = keepAliveClients(kubeConfig);
      this.clients.set(kubeConfig, clients);
    }
    return clients;
  }

  async read(
    cluster: RuntimeCluster,
    selection: ObjectSelection,
  ): Promise<KubernetesSnapshot> {
    const { core, apps, autoscaling, custom } = await this.clientsFor(
      cluster.kubeConfig,
    );
    const deadline = Date.now() + this.timeoutMs;
    const options = () => abortAfter(Math.max(1, deadline - Date.now()));
    const failures: Failure[] = [];
    const attempt = async <T>(
      what: string,
      call: () => Promise<{ items: T[] }>,
      source: RuntimeError['source'] = 'kubernetes',
    ): Promise<T[] | undefined> => {
      try {
        return (await call()).items ?? [];
      } catch (error) {
        if (source === 'argocd' && (error as any)?.code === 404) return [];
        failures.push({ source, error: classifyError(error, what) });
        return undefined;
      }
    };
    const { labelSelector, namespace } = selection;
    const scoped = { labelSelector };

    const [
      namespaces,
      pods,
      deployments,
      hpas,
      quotas,
      applications,
      gpuNodes,
    ] = await Promise.all([
      attempt<V1Namespace>('list namespaces', async () =>
        namespace
          ? {
              items: [await core.readNamespace({ name: namespace }, options())],
            }
          : core.listNamespace({}, options()),
      ),
      attempt<V1Pod>('list pods', () =>
        namespace
          ? core.listNamespacedPod({ namespace, ...scoped }, options())
          : core.listPodForAllNamespaces(scoped, options()),
      ),
      attempt<V1Deployment>('list deployments', () =>
        namespace
          ? apps.listNamespacedDeployment({ namespace, ...scoped }, options())
          : apps.listDeploymentForAllNamespaces(scoped, options()),
      ),
      attempt<V2HorizontalPodAutoscaler>('list horizontalpodautoscalers', () =>
        namespace
          ? autoscaling.listNamespacedHorizontalPodAutoscaler(
              { namespace, ...scoped },
              options(),
            )
          : autoscaling.listHorizontalPodAutoscalerForAllNamespaces(
              scoped,
              options(),
            ),
      ),
      attempt<V1ResourceQuota>('list resourcequotas', () =>
        namespace
          ? core.listNamespacedResourceQuota({ namespace }, options())
          : core.listResourceQuotaForAllNamespaces({}, options()),
      ),
      attempt<ArgoApplication>(
        'list argoproj.io applications',
        () =>
          custom.listClusterCustomObject(
            {
              group: 'argoproj.io',
              version: 'v1alpha1',
              plural: 'applications',
            },
            options(),
          ) as Promise<{ items: ArgoApplication[] }>,
        'argocd',
      ),
      // Cluster-wide and shared by every entity, so not behind the entity's reads.
      this.cache
        .get(`v1:gpu-nodes:${cluster.name}`, () => this.readGpuInventory(core))
        .catch(error => {
          failures.push({ source: 'kubernetes', error });
          return undefined;
        }),
    ]);

    return {
      cluster: cluster.name,
      fetchedAt: new Date().toISOString(),
      environments: buildEnvironments({
        clusterEnvironment: cluster.environment,
        namespaces: namespaces ?? [],
        pods: pods ?? [],
        deployments: deployments ?? [],
        hpas: hpas ?? [],
        quotas: quotas ?? [],
        gpuNodes: gpuNodes ?? [],
        applications: applications ?? [],
        onlyNamespace: namespace,
      }),
      errors: summarize(cluster.name, failures),
    };
  }
}

/** One entry per source and kind of failure, naming every read it hit. */
function summarize(cluster: string, failures: Failure[]): RuntimeError[] {
  const groups = new Map<string, { f: Failure; whats: string[] }>();
  for (const f of failures) {
    const [what, ...rest] = f.error.message.split(': ');
    const detail = rest.join(': ');
    const key = `${f.source}|${f.error.kind}|${detail}`;
    const group = groups.get(key) ?? { f, whats: [] };
    group.whats.push(what);
    groups.set(key, group);
  }
  // Kubernetes before Argo CD whichever failed first, so an answer reads the same every time.
  return [...groups.entries()]
    .map(([key, { f, whats }]) => ({
      source: f.source,
      cluster,
      kind: f.error.kind,
      message: `${whats.join(', ')}: ${key.split('|')[2]}`,
    }))
    .sort(
      (a, b) =>
        Number(a.source === 'argocd') - Number(b.source === 'argocd') ||
        a.message.localeCompare(b.message),
    );
}
