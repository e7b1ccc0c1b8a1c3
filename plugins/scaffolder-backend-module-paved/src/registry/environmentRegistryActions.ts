import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  environmentPermissionFor,
  PAVED_PRODUCTION_ENVIRONMENTS,
} from '@paved/plugin-paved-common';
import type { z as zod } from 'zod/v3';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import { EntityAccess } from '../authorization/EntityAccess';
import { planJson, repoUrlOf } from '../actions/environmentInputs';

/**
 * Registers plan, provision and teardown of environments in the Actions Registry, so
 * `backstage-cli actions` and MCP clients reach the same code as the scaffolder, with the same
 * permission checks against the component and the caller's credentials.
 *
 * @public
 */
export function registerEnvironmentActions(options: {
  actionsRegistry: ActionsRegistryService;
  provisioner: EnvironmentProvisioner;
  access: EntityAccess;
}) {
  const { actionsRegistry, provisioner, access } = options;
  const target = (z: typeof zod) => ({
    entityRef: z
      .string()
      .max(300)
      .describe('The component, e.g. component:default/orders-api'),
    environment: z
      .string()
      .max(63)
      .describe('dev, staging, prod, or a preview such as pr-42'),
    cluster: z.string().max(253).describe('A configured cluster, e.g. demo'),
  });
  const provisionInput = (z: typeof zod) =>
    z.object({
      ...target(z),
      ttl: z.string().max(10).optional().describe('Preview lifetime, e.g. 72h'),
      gpu: z
        .record(z.number())
        .optional()
        .describe('GPU quota, e.g. {"nvidia.com/gpu": 2}'),
    });
  const resultOutput = (z: typeof zod) =>
    z.object({
      namespace: z.string(),
      plan: z.array(z.record(z.any())),
      changed: z.array(z.string()),
    });

  const authorize = async (
    input: { entityRef: string; environment: string },
    credentials: Parameters<EntityAccess['authorize']>[0]['credentials'],
    purpose: string,
  ) =>
    access.authorize({
      entityRef: input.entityRef,
      field: 'entityRef',
      permission: environmentPermissionFor(input.environment),
      credentials,
      purpose: `${purpose} ${input.environment} of`,
    });

  for (const planOnly of [true, false]) {
    actionsRegistry.register({
      name: planOnly ? 'plan-environment' : 'provision-environment',
      title: planOnly ? 'Plan an environment' : 'Provision an environment',
      description: planOnly
        ? 'Shows what provisioning a component’s environment would create, change or leave alone; writes nothing'
        : 'Provisions a component’s environment on Kubernetes (namespace, quota, limits, network policies, access, Argo CD Application); a converged re-run writes nothing',
      attributes: planOnly
        ? { readOnly: true, idempotent: true, destructive: false }
        : { readOnly: false, idempotent: true, destructive: false },
      schema: { input: provisionInput, output: resultOutput },
      action: async ({ input, credentials, logger }) => {
        const entity = await authorize(input, credentials, 'provision');
        const result = await provisioner.provision(
          {
            component: entity.metadata.name,
            environment: input.environment,
            cluster: input.cluster,
            owner: entity.spec?.owner as string | undefined,
            repoUrl: repoUrlOf(entity),
            ttl: input.ttl,
            gpu: input.gpu,
          },
          { dryRun: planOnly, progress: line => logger.info(line) },
        );
        return {
          output: {
            namespace: result.namespace,
            plan: planJson(result.plan),
            changed: result.applied,
          },
        };
      },
    });
  }

  actionsRegistry.register({
    name: 'teardown-environment',
    title: 'Tear down an environment',
    description:
      'Deletes what Paved provisioned for a component’s environment (only Paved-labelled objects); production needs confirm set to <component>-prod',
    attributes: { readOnly: false, idempotent: true, destructive: true },
    schema: {
      input: z =>
        z.object({
          ...target(z),
          confirm: z.string().max(100).optional(),
        }),
      output: resultOutput,
    },
    action: async ({ input, credentials, logger }) => {
      const entity = await authorize(input, credentials, 'tear down');
      const namespace = `${entity.metadata.name}-${input.environment}`;
      if (
        PAVED_PRODUCTION_ENVIRONMENTS.includes(input.environment) &&
        input.confirm !== namespace
      ) {
        throw new InputError(
          `confirm: tearing down production needs confirm set to ${namespace}`,
        );
      }
      const result = await provisioner.teardown(
        {
          component: entity.metadata.name,
          environment: input.environment,
          cluster: input.cluster,
        },
        { progress: line => logger.info(line) },
      );
      return {
        output: {
          namespace: result.namespace,
          plan: planJson(result.plan),
          changed: result.deleted,
        },
      };
    },
  });
}
