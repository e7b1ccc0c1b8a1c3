import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { PAVED_RUNTIME_ACTION_ID } from '@paved/plugin-paved-runtime-common';
import { EntityReader, parseRuntimeEntityRef } from './EntityReader';
import { RuntimeService } from './RuntimeService';

/** `get-runtime-state`: the same read as the HTTP API, with the caller's credentials. */
export function registerRuntimeActions(options: {
  actionsRegistry: ActionsRegistryService;
  entities: EntityReader;
  runtime: RuntimeService;
}) {
  const { actionsRegistry, entities, runtime } = options;
  actionsRegistry.register({
    name: PAVED_RUNTIME_ACTION_ID,
    title: 'Get runtime state',
    description:
      'Returns the HPA, GPU, Argo CD and alert state of a catalog entity per environment ' +
      '(cluster and namespace), with an errors list naming every source that could not be read.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('Entity ref, e.g. component:default/orders-api'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          generatedAt: z.string(),
          environments: z.array(z.record(z.string(), z.unknown())),
          errors: z.array(z.record(z.string(), z.unknown())),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await entities.read(
        parseRuntimeEntityRef(input.entityRef),
        credentials,
      );
      const state = await runtime.get(entity);
      return { output: state as any };
    },
  });
}
