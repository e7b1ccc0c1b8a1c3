import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import type { z as zod } from 'zod/v3';
import { EntityAccess } from '../authorization/EntityAccess';
import {
  resolveProvision,
  resolveTeardown,
} from '../actions/environmentAccess';
import {
  environmentTargetInput,
  planJson,
  provisionInput,
  shapeOf,
  teardownInput,
} from '../actions/environmentInputs';

const resultOutput = (z: typeof zod) =>
  z.object({
    namespace: z.string(),
    plan: z.array(z.record(z.any())),
    changed: z.array(z.string()),
  });

/**
 * Registers plan, provision and teardown of environments in the Actions Registry, so
 * `backstage-cli actions` and MCP clients reach the same code as the scaffolder, with the same
 * inputs and the same permission checks against the component and the caller's credentials.
 *
 * @public
 */
export function registerEnvironmentActions(options: {
  actionsRegistry: ActionsRegistryService;
  provisioner: EnvironmentProvisioner;
  access: EntityAccess;
}) {
  const { actionsRegistry, provisioner, access } = options;

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
      schema: {
        input: z =>
          z.object({
            ...shapeOf(environmentTargetInput, z),
            ...shapeOf(provisionInput, z),
          }),
        output: resultOutput,
      },
      action: async ({ input, credentials, logger }) => {
        const { request } = await resolveProvision(access, input, credentials);
        const result = await provisioner.provision(request, {
          dryRun: planOnly,
          progress: line => logger.info(line),
        });
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
          ...shapeOf(environmentTargetInput, z),
          ...shapeOf(teardownInput, z),
        }),
      output: resultOutput,
    },
    action: async ({ input, credentials, logger }) => {
      const { target } = await resolveTeardown(access, input, credentials);
      const result = await provisioner.teardown(target, {
        progress: line => logger.info(line),
      });
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
