import { KubernetesObject } from '@kubernetes/client-node';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { applyManifests, checkManifests } from './applyManifests';
import { ApplicationStatus, waitForApplication } from './argocdWait';
import { ClusterConnection, describeObject } from './ClusterConnection';
import {
  desiredObjects,
  ENVIRONMENT_ANNOTATIONS,
  ENVIRONMENT_LABELS,
  environmentSelector,
} from './desiredObjects';
import {
  EnvironmentRequest,
  EnvironmentRequestInput,
  parseEnvironmentRequest,
} from './environmentRequest';
import {
  EnvironmentSettings,
  readEnvironmentSettings,
} from './EnvironmentSettings';
import { checkGpuCapacity, GpuCapacity } from './gpuCapacity';
import { KubernetesClusters } from './KubernetesClusters';
import { PlanItem, planItem, planObject } from './plan';

/** How a caller follows and resumes a run. @public */
export interface RunOptions {
  /** Plan only: reads and dry-run applies, no write. */
  dryRun?: boolean;
  /** Progress lines (the task log, the CLI's stderr). */
  progress?: (message: string) => void;
  /** Runs one mutation; the scaffolder passes `ctx.checkpoint` so a retried task skips it. */
  step?: (key: string, fn: () => Promise<string>) => Promise<string>;
}

/** The outcome of a provision (or its plan). @public */
export interface ProvisionResult {
  cluster: string;
  namespace: string;
  /** The Argo CD Application's name, when the environment has one. */
  application?: string;
  expiresAt?: string;
  dryRun: boolean;
  plan: PlanItem[];
  /** The objects written, in order; empty on a converged re-run. */
  applied: string[];
  gpu: GpuCapacity[];
}

/** The outcome of a teardown (or its plan). @public */
export interface TeardownResult {
  cluster: string;
  namespace: string;
  dryRun: boolean;
  plan: PlanItem[];
  deleted: string[];
}

/** One Paved environment found on a cluster. @public */
export interface EnvironmentSummary {
  cluster: string;
  namespace: string;
  component: string;
  environment: string;
  /** The owning group's entity ref (`paved.dev/owner-ref`), e.g. `group:default/team-a`. */
  owner?: string;
  /** The owning group's name as the namespace's `paved.dev/owner` label has it. */
  ownerGroup?: string;
  application?: string;
  expiresAt?: string;
  createdAt?: string;
  /** True while the namespace is being deleted (it has a deletion timestamp). */
  deleting?: boolean;
}

/** What teardown and list need: which environment on which cluster. @public */
export type EnvironmentTarget = Pick<
  EnvironmentRequestInput,
  'component' | 'environment' | 'cluster'
>;

const runStep: NonNullable<RunOptions['step']> = (_key, fn) => fn();

/**
 * Provisions, plans and tears down Paved environments on Kubernetes: the same code behind the
 * scaffolder actions, the Actions Registry, the CLI, the catalog provider and the expiry sweep.
 * Every write is a server-side apply as field manager `paved`, and only objects the plan says
 * change are written, so a converged re-run writes nothing.
 *
 * @public
 */
export class EnvironmentProvisioner {
  readonly #clusters: KubernetesClusters;
  readonly #settings: EnvironmentSettings;
  readonly #now: () => Date;

  static create(options: {
    clusters: KubernetesClusters;
    settings: EnvironmentSettings;
    now?: () => Date;
  }): EnvironmentProvisioner {
    return new EnvironmentProvisioner(
      options.clusters,
      options.settings,
      options.now ?? (() => new Date()),
    );
  }

  /** The backend's provisioner: clusters of `kubernetes.clusterLocatorMethods`, `paved.environments`. */
  static fromConfig(config: Config): EnvironmentProvisioner {
    const settings = readEnvironmentSettings(config);
    return EnvironmentProvisioner.create({
      settings,
      clusters: KubernetesClusters.fromConfig(config, {
        timeoutMs: settings.requestTimeoutMs,
      }),
    });
  }

  private constructor(
    clusters: KubernetesClusters,
    settings: EnvironmentSettings,
    now: () => Date,
  ) {
    this.#clusters = clusters;
    this.#settings = settings;
    this.#now = now;
  }

  get settings(): EnvironmentSettings {
    return this.#settings;
  }

  clusterNames(): string[] {
    return this.#clusters.names();
  }

  /** Checks the input without touching a cluster. */
  validate(input: EnvironmentRequestInput): EnvironmentRequest {
    const request = parseEnvironmentRequest(input);
    if (!request.ownerGroup) {
      throw new InputError(
        'owner: is required: the owning group gets the namespace’s RoleBinding',
      );
    }
    this.#clusters.connect(request.cluster);
    return request;
  }

  async provision(
    input: EnvironmentRequestInput,
    options: RunOptions = {},
  ): Promise<ProvisionResult> {
    const request = this.validate(input);
    const { progress = () => {}, step = runStep } = options;
    const connection = this.#clusters.connect(request.cluster);
    const existingNamespace = await connection.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: request.namespace },
    });
    const desired = desiredObjects(request, this.#settings, {
      now: this.#now(),
      existingNamespace,
    });
    const gpu = await checkGpuCapacity(
      connection,
      request.namespace,
      request.gpu,
    );
    const plan: PlanItem[] = [];
    for (const object of desired) {
      const item = await planObject(connection, object, request.component);
      progress(`${item.action}: ${item.object}`);
      plan.push(item);
    }
    if (!request.repoUrl) {
      plan.push(
        planItem(
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: {
              name: request.namespace,
              namespace: this.#settings.argocdNamespace,
            },
          },
          'left alone',
          { reason: 'no repository URL was given (repoUrl)' },
        ),
      );
    }
    const applied: string[] = [];
    if (!options.dryRun) {
      for (const object of desired) {
        const item = plan.find(p => p.object === describeObject(object))!;
        if (item.action === 'create' || item.action === 'update') {
          applied.push(
            await step(`apply ${item.object}`, async () => {
              await connection.apply(object);
              progress(`applied: ${item.object}`);
              return item.object;
            }),
          );
        }
      }
    }
    const hasApplication = plan.some(
      p =>
        p.kind === 'Application' &&
        (p.action !== 'left alone' || p.reason?.startsWith('owned')),
    );
    const namespace = desired[0] as KubernetesObject;
    return {
      cluster: request.cluster,
      namespace: request.namespace,
      application: hasApplication ? request.namespace : undefined,
      expiresAt:
        namespace.metadata?.annotations?.[ENVIRONMENT_ANNOTATIONS.expiresAt],
      dryRun: !!options.dryRun,
      plan,
      applied,
      gpu,
    };
  }

  async teardown(
    input: EnvironmentTarget,
    options: RunOptions = {},
  ): Promise<TeardownResult> {
    const request = parseEnvironmentRequest(input);
    const { progress = () => {}, step = runStep } = options;
    const connection = this.#clusters.connect(request.cluster);
    const labelSelector = environmentSelector(
      request.component,
      request.environment,
    );
    const applications = await connection.list(
      'argoproj.io/v1alpha1',
      'Application',
      { namespace: this.#settings.argocdNamespace, labelSelector },
    );
    const namespaces = await connection.list('v1', 'Namespace', {
      labelSelector,
    });
    const doomed = [...applications, ...namespaces];
    const plan = doomed.map(object => planItem(object, 'delete'));
    if (!namespaces.length) {
      const unlabelled = await connection.read({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: request.namespace },
      });
      if (unlabelled) {
        plan.push(
          planItem(unlabelled, 'left alone', {
            reason: `not labelled ${ENVIRONMENT_LABELS.managedBy}=paved for this environment`,
          }),
        );
      }
    }
    plan.forEach(item => progress(`${item.action}: ${item.object}`));
    const deleted: string[] = [];
    if (!options.dryRun) {
      for (const object of doomed) {
        const what = describeObject(object);
        deleted.push(
          await step(`delete ${what}`, async () => {
            await connection.delete({
              apiVersion: object.apiVersion!,
              kind: object.kind!,
              metadata: {
                name: object.metadata!.name!,
                namespace: object.metadata!.namespace,
              },
            });
            progress(`deleted: ${what}`);
            return what;
          }),
        );
      }
    }
    return {
      cluster: request.cluster,
      namespace: request.namespace,
      dryRun: !!options.dryRun,
      plan,
      deleted,
    };
  }

  /**
   * Server-side applies workspace manifests into a Paved environment's namespace; kinds outside
   * {@link APPLICABLE_KINDS} and other namespaces are refused before anything is written.
   */
  async applyManifests(
    input: { cluster: string; namespace: string; manifests: unknown[] },
    options: RunOptions = {},
  ): Promise<{ plan: PlanItem[]; applied: string[] }> {
    const objects = checkManifests(input.manifests, input.namespace);
    const connection = this.#clusters.connect(input.cluster);
    const namespace = await connection.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: input.namespace },
    });
    if (
      namespace?.metadata?.labels?.[ENVIRONMENT_LABELS.managedBy] !== 'paved'
    ) {
      throw new InputError(
        `namespace: ${input.namespace} on cluster ${input.cluster} is not an environment Paved provisioned`,
      );
    }
    return applyManifests(connection, objects, {
      dryRun: options.dryRun,
      progress: options.progress ?? (() => {}),
      step: options.step ?? runStep,
    });
  }

  /** Waits until the Argo CD Application is Synced and Healthy, or fails with its last status. */
  async waitForApplication(
    input: {
      cluster: string;
      application: string;
      timeoutMs: number;
      intervalMs?: number;
    },
    options: Pick<RunOptions, 'progress'> = {},
  ): Promise<ApplicationStatus> {
    return waitForApplication(
      this.#clusters.connect(input.cluster),
      { name: input.application, namespace: this.#settings.argocdNamespace },
      {
        timeoutMs: input.timeoutMs,
        intervalMs: input.intervalMs ?? 5000,
        progress: options.progress ?? (() => {}),
      },
    );
  }

  /** The Paved environments on one cluster, or on every cluster. */
  async list(cluster?: string): Promise<EnvironmentSummary[]> {
    const names = cluster ? [cluster] : this.#clusters.names();
    const found = await Promise.all(
      names.map(name => this.#listOn(this.#clusters.connect(name))),
    );
    return found.flat();
  }

  async #listOn(connection: ClusterConnection): Promise<EnvironmentSummary[]> {
    const namespaces = await connection.list('v1', 'Namespace', {
      labelSelector: `${ENVIRONMENT_LABELS.managedBy}=paved,${ENVIRONMENT_LABELS.component},${ENVIRONMENT_LABELS.environment}`,
    });
    return namespaces.map(ns => {
      const labels = ns.metadata?.labels ?? {};
      const annotations = ns.metadata?.annotations ?? {};
      const created = ns.metadata?.creationTimestamp;
      return {
        cluster: connection.name,
        namespace: ns.metadata!.name!,
        component: labels[ENVIRONMENT_LABELS.component],
        environment: labels[ENVIRONMENT_LABELS.environment],
        owner: annotations[ENVIRONMENT_ANNOTATIONS.ownerRef],
        ownerGroup: labels[ENVIRONMENT_LABELS.owner],
        application: annotations[ENVIRONMENT_ANNOTATIONS.application],
        expiresAt: annotations[ENVIRONMENT_ANNOTATIONS.expiresAt],
        createdAt: created ? new Date(created).toISOString() : undefined,
        deleting: ns.metadata?.deletionTimestamp ? true : undefined,
      };
    });
  }
}
