import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import {
  ENVIRONMENT_ENTITY_ANNOTATIONS,
  environmentEntity,
  environmentLocation,
} from './environmentEntity';

/** The scheduler task that reads the clusters into the catalog. @public */
export const ENVIRONMENT_REFRESH_TASK_ID = 'paved-environments:refresh';

/** Options of {@link EnvironmentEntityProvider.create}. @public */
export interface EnvironmentEntityProviderOptions {
  provisioner: EnvironmentProvisioner;
  logger: LoggerService;
  /** The catalog namespace of the components the environments belong to. */
  componentNamespace: string;
  /** Runs {@link EnvironmentEntityProvider.refresh} on `schedule`; without it, callers do. */
  scheduler?: SchedulerService;
  schedule?: SchedulerServiceTaskScheduleDefinition;
}

/** What one refresh did. @public */
export interface EnvironmentRefreshResult {
  /** `full` replaces the provider's entities; `delta` when a cluster that was never read is down. */
  mutation: 'full' | 'delta' | 'none';
  /** The environment entities the catalog holds from this provider after the refresh. */
  entityRefs: string[];
  /** Clusters that did not answer, whose environments were kept as last seen. */
  unreachable: string[];
}

/**
 * Publishes the environments Paved provisioned — namespaces labelled
 * `app.kubernetes.io/managed-by: paved` on the clusters of `kubernetes.clusterLocatorMethods` —
 * as `Resource` entities of type `environment`, each a dependency of its component.
 *
 * Every refresh replaces the provider's entities, so environments that are gone disappear. A
 * cluster that does not answer keeps the environments last seen on it: an outage must not empty
 * the catalog. When such a cluster was never read since the backend started, the refresh adds and
 * removes only what it saw on the clusters that answered.
 *
 * @public
 */
export class EnvironmentEntityProvider implements EntityProvider {
  readonly #options: EnvironmentEntityProviderOptions;
  readonly #lastSeen = new Map<string, Entity[]>();
  #connection?: EntityProviderConnection;

  static create(
    options: EnvironmentEntityProviderOptions,
  ): EnvironmentEntityProvider {
    return new EnvironmentEntityProvider(options);
  }

  private constructor(options: EnvironmentEntityProviderOptions) {
    this.#options = options;
  }

  getProviderName(): string {
    return 'paved-environments';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    const { scheduler, schedule } = this.#options;
    if (scheduler && schedule) {
      await scheduler.scheduleTask({
        id: ENVIRONMENT_REFRESH_TASK_ID,
        ...schedule,
        fn: async () => {
          await this.refresh();
        },
      });
    }
  }

  /** Reads every cluster and updates the catalog. */
  async refresh(): Promise<EnvironmentRefreshResult> {
    const connection = this.#connection;
    if (!connection) {
      return { mutation: 'none', entityRefs: [], unreachable: [] };
    }
    const { provisioner, logger, componentNamespace } = this.#options;
    const clusters = provisioner.clusterNames();
    const seen = new Map<string, Entity[]>();
    const unreachable: string[] = [];
    await Promise.all(
      clusters.map(async cluster => {
        try {
          const environments = await provisioner.list(cluster);
          seen.set(
            cluster,
            environments.map(environment =>
              environmentEntity(environment, { componentNamespace }),
            ),
          );
        } catch (error) {
          unreachable.push(cluster);
          logger.warn(
            `Paved environments: ${(error as Error).message}; keeping the ${
              this.#lastSeen.get(cluster)?.length ?? 'unknown number of'
            } environments last seen on cluster ${cluster} in the catalog`,
          );
        }
      }),
    );
    const neverSeen = unreachable.filter(c => !this.#lastSeen.has(c));
    const kept = unreachable.flatMap(c => this.#lastSeen.get(c) ?? []);
    const current = [...[...seen.values()].flat(), ...kept];
    if (neverSeen.length) {
      const currentRefs = new Set(current.map(e => stringifyEntityRef(e)));
      const removed = [...seen.keys()]
        .flatMap(cluster => this.#lastSeen.get(cluster) ?? [])
        .filter(entity => !currentRefs.has(stringifyEntityRef(entity)));
      await connection.applyMutation({
        type: 'delta',
        added: current.map(deferred),
        removed: removed.map(deferred),
      });
    } else {
      await connection.applyMutation({
        type: 'full',
        entities: current.map(deferred),
      });
    }
    const before = [...this.#lastSeen.values()].flat().length;
    seen.forEach((entities, cluster) => this.#lastSeen.set(cluster, entities));
    for (const cluster of this.#lastSeen.keys()) {
      if (!clusters.includes(cluster)) {
        this.#lastSeen.delete(cluster);
      }
    }
    const entityRefs = current.map(e => stringifyEntityRef(e)).sort();
    const message = `Paved environments: ${
      entityRefs.length
    } in the catalog from ${clusters.length - unreachable.length} of ${
      clusters.length
    } clusters`;
    if (entityRefs.length !== before || unreachable.length) {
      logger.info(message);
    } else {
      logger.debug(message);
    }
    return {
      mutation: neverSeen.length ? 'delta' : 'full',
      entityRefs,
      unreachable: unreachable.sort(),
    };
  }
}

function deferred(entity: Entity): DeferredEntity {
  return {
    entity,
    locationKey: environmentLocation(
      entity.metadata.annotations![ENVIRONMENT_ENTITY_ANNOTATIONS.cluster],
    ),
  };
}
