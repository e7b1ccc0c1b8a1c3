import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  environmentPermissionFor,
  PAVED_PRODUCTION_ENVIRONMENTS,
} from '@paved/plugin-paved-common';
import {
  EnvironmentRequestInput,
  EnvironmentTarget,
  RunOptions,
} from '@paved/plugin-paved-node';
import { EntityAccess } from '../authorization/EntityAccess';
import { repoUrlOf } from './environmentInputs';

/** The inputs every environment action and registry action shares. */
export interface EnvironmentTargetInput {
  entityRef: string;
  environment: string;
  cluster: string;
}

/** What provisioning asks for beyond the target. */
export interface ProvisionInput extends EnvironmentTargetInput {
  ttl?: string;
  gpu?: Record<string, number | string>;
  quota?: EnvironmentRequestInput['quota'];
  repoUrl?: string;
}

/**
 * The component, when the caller holds the environment's permission on it
 * (`paved.environment.provision`, `.production` for prod): the one check behind provisioning,
 * teardown and applying manifests, from the scaffolder and from the Actions Registry alike.
 */
export function authorizeEnvironment(
  access: EntityAccess,
  input: EnvironmentTargetInput,
  credentials: BackstageCredentials,
  verb: 'provision' | 'tear down' | 'apply manifests to',
): Promise<Entity> {
  return access.authorize({
    entityRef: input.entityRef,
    field: 'entityRef',
    permission: environmentPermissionFor(input.environment),
    credentials,
    purpose: `${verb} ${input.environment} of`,
  });
}

/** `<component>-<environment>`, the namespace of the authorized component's environment. */
export function environmentNamespace(entity: Entity, environment: string) {
  return `${entity.metadata.name}-${environment}`;
}

/** Authorizes, then builds the provisioner's request from the component and the input. */
export async function resolveProvision(
  access: EntityAccess,
  input: ProvisionInput,
  credentials: BackstageCredentials,
): Promise<{ entity: Entity; request: EnvironmentRequestInput }> {
  const entity = await authorizeEnvironment(
    access,
    input,
    credentials,
    'provision',
  );
  return {
    entity,
    request: {
      component: entity.metadata.name,
      environment: input.environment,
      cluster: input.cluster,
      owner: entity.spec?.owner as string | undefined,
      repoUrl: input.repoUrl ?? repoUrlOf(entity),
      ttl: input.ttl,
      gpu: input.gpu,
      quota: input.quota,
    },
  };
}

/**
 * Authorizes, then checks that tearing down production is confirmed with its namespace (a plan
 * needs no confirmation), and names what to tear down.
 */
export async function resolveTeardown(
  access: EntityAccess,
  input: EnvironmentTargetInput & { confirm?: string },
  credentials: BackstageCredentials,
  options: { dryRun?: boolean } = {},
): Promise<{ entity: Entity; target: EnvironmentTarget }> {
  const entity = await authorizeEnvironment(
    access,
    input,
    credentials,
    'tear down',
  );
  const namespace = environmentNamespace(entity, input.environment);
  if (
    PAVED_PRODUCTION_ENVIRONMENTS.includes(input.environment) &&
    input.confirm !== namespace &&
    !options.dryRun
  ) {
    throw new InputError(
      `confirm: tearing down production needs confirm set to ${namespace}`,
    );
  }
  return {
    entity,
    target: {
      component: entity.metadata.name,
      environment: input.environment,
      cluster: input.cluster,
    },
  };
}

/** How a scaffolder task runs the provisioner: its log, and every write a checkpoint. */
export function scaffolderRunOptions(
  ctx: {
    logger: { info(message: string): unknown };
    checkpoint<T extends string>(options: {
      key: string;
      fn: () => Promise<T>;
    }): Promise<T>;
  },
  cluster: string,
  dryRun: boolean | undefined,
): RunOptions {
  return {
    dryRun,
    progress: line => ctx.logger.info(line),
    step: (key, fn) => ctx.checkpoint({ key: `${cluster}: ${key}`, fn }),
  };
}
