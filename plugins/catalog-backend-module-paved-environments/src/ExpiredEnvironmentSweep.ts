import type { LoggerService } from '@backstage/backend-plugin-api';
import { PAVED_PRODUCTION_ENVIRONMENTS } from '@paved/plugin-paved-common';
import {
  EnvironmentProvisioner,
  EnvironmentSummary,
} from '@paved/plugin-paved-node';

/** The scheduler task that tears down expired previews. @public */
export const EXPIRY_SWEEP_TASK_ID = 'paved-environments:expiry-sweep';

/** Options of {@link ExpiredEnvironmentSweep.create}. @public */
export interface ExpiredEnvironmentSweepOptions {
  provisioner: EnvironmentProvisioner;
  logger: LoggerService;
  /** Only log what would be removed. */
  dryRun?: boolean;
  now?: () => Date;
}

/** What one sweep did. @public */
export interface ExpirySweepResult {
  /** Environments torn down (or, in a dry run, that would be). */
  removed: Array<{
    cluster: string;
    namespace: string;
    expiresAt: string;
    deleted: string[];
  }>;
  /** Expired environments the sweep does not touch, with the reason. */
  skipped: Array<{ cluster: string; namespace: string; reason: string }>;
  /** Clusters or environments the sweep could not handle. */
  errors: Array<{ cluster: string; namespace?: string; message: string }>;
}

/**
 * Tears down Paved environments whose `paved.dev/expires-at` has passed, with
 * {@link @paved/plugin-paved-node#EnvironmentProvisioner.teardown}: only the objects labelled as
 * Paved's for that environment. Production environments are never swept, whatever their
 * annotation says. A cluster that fails is logged and the others are still swept.
 *
 * @public
 */
export class ExpiredEnvironmentSweep {
  readonly #provisioner: EnvironmentProvisioner;
  readonly #logger: LoggerService;
  readonly #dryRun: boolean;
  readonly #now: () => Date;

  static create(options: ExpiredEnvironmentSweepOptions) {
    return new ExpiredEnvironmentSweep(options);
  }

  private constructor(options: ExpiredEnvironmentSweepOptions) {
    this.#provisioner = options.provisioner;
    this.#logger = options.logger;
    this.#dryRun = !!options.dryRun;
    this.#now = options.now ?? (() => new Date());
  }

  async sweep(): Promise<ExpirySweepResult> {
    const result: ExpirySweepResult = { removed: [], skipped: [], errors: [] };
    for (const cluster of this.#provisioner.clusterNames()) {
      let environments: EnvironmentSummary[];
      try {
        environments = await this.#provisioner.list(cluster);
      } catch (error) {
        const message = (error as Error).message;
        this.#logger.error(
          `Paved expiry sweep: cluster ${cluster} skipped: ${message}`,
        );
        result.errors.push({ cluster, message });
        continue;
      }
      for (const environment of environments) {
        await this.#sweepOne(environment, result);
      }
    }
    return result;
  }

  async #sweepOne(environment: EnvironmentSummary, result: ExpirySweepResult) {
    const { cluster, namespace, expiresAt } = environment;
    if (!expiresAt) {
      return;
    }
    const expiry = Date.parse(expiresAt);
    if (Number.isNaN(expiry)) {
      this.#skip(result, environment, `its expiry '${expiresAt}' is no date`);
      return;
    }
    if (expiry > this.#now().getTime()) {
      return;
    }
    if (PAVED_PRODUCTION_ENVIRONMENTS.includes(environment.environment)) {
      this.#skip(result, environment, 'production is never swept');
      return;
    }
    if (environment.deleting) {
      return;
    }
    try {
      const teardown = await this.#provisioner.teardown(
        {
          component: environment.component,
          environment: environment.environment,
          cluster,
        },
        { dryRun: this.#dryRun },
      );
      const deleted = this.#dryRun
        ? teardown.plan.filter(p => p.action === 'delete').map(p => p.object)
        : teardown.deleted;
      this.#logger.info(
        `Paved expiry sweep: ${
          this.#dryRun ? 'would remove' : 'removed'
        } ${namespace} on cluster ${cluster} (expired ${expiresAt}): ${
          deleted.join(', ') || 'nothing left to delete'
        }`,
      );
      result.removed.push({ cluster, namespace, expiresAt, deleted });
    } catch (error) {
      const message = (error as Error).message;
      this.#logger.error(
        `Paved expiry sweep: ${namespace} on cluster ${cluster} not removed: ${message}`,
      );
      result.errors.push({ cluster, namespace, message });
    }
  }

  #skip(
    result: ExpirySweepResult,
    { cluster, namespace }: EnvironmentSummary,
    reason: string,
  ) {
    this.#logger.warn(
      `Paved expiry sweep: ${namespace} on cluster ${cluster} has expired but is kept: ${reason}`,
    );
    result.skipped.push({ cluster, namespace, reason });
  }
}
