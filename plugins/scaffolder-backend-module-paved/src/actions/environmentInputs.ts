import { Entity } from '@backstage/catalog-model';
import { PlanItem } from '@paved/plugin-paved-node';
import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/** The inputs every environment action shares. */
export const environmentTargetInput = {
  entityRef: (z: Z) =>
    z
      .string()
      .max(300)
      .describe(
        'The component’s catalog entity, e.g. component:default/orders-api',
      ),
  environment: (z: Z) =>
    z
      .string()
      .max(63)
      .describe('dev, staging, prod, or a preview such as pr-42'),
  cluster: (z: Z) =>
    z
      .string()
      .max(253)
      .describe('A cluster of kubernetes.clusterLocatorMethods'),
};

/** What provisioning takes beyond the target, in the scaffolder and the Actions Registry alike. */
export const provisionInput = {
  ttl: (z: Z) =>
    z
      .string()
      .max(10)
      .optional()
      .describe(
        'Lifetime of a preview, e.g. 72h; the expiry sweep removes it after',
      ),
  gpu: (z: Z) =>
    z
      .record(z.string(), z.union([z.number(), z.string()]))
      .optional()
      .describe('GPU quota, e.g. {"nvidia.com/gpu": 2}'),
  quota: (z: Z) =>
    z
      .object({
        cpu: z.string().max(20).optional(),
        memory: z.string().max(20).optional(),
        pods: z.string().max(20).optional(),
      })
      .optional()
      .describe('Overrides of the default quota (Kubernetes quantities)'),
};

/** The confirmation tearing down production needs. */
export const teardownInput = {
  confirm: (z: Z) =>
    z
      .string()
      .max(100)
      .optional()
      .describe(
        'For production: the namespace (<component>-prod), typed to confirm',
      ),
};

type Fields = Record<string, (z: Z) => zod.ZodTypeAny>;

/** Field builders as a zod object shape, for schemas written as `z => z.object(...)`. */
export function shapeOf<T extends Fields>(
  fields: T,
  z: Z,
): { [K in keyof T]: ReturnType<T[K]> } {
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [key, field(z)]),
  ) as { [K in keyof T]: ReturnType<T[K]> };
}

/** The plan as a JSON output of an action. */
export const planOutput = (z: Z) =>
  z
    .array(
      z.object({
        object: z.string(),
        kind: z.string(),
        name: z.string(),
        namespace: z.string().optional(),
        action: z.string(),
        reason: z.string().optional(),
        diff: z
          .array(
            z.object({
              path: z.string(),
              from: z.string().optional(),
              to: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .describe(
      'Per object: create, update (with the fields that change), unchanged, delete or left alone (with the reason)',
    );

function text(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The plan with changed values as text, as the action's output schema has it. */
export function planJson(plan: PlanItem[]) {
  return plan.map(item => ({
    ...item,
    diff: item.diff?.map(change => ({
      path: change.path,
      from: text(change.from),
      to: text(change.to),
    })),
  }));
}

/** The git URL of the entity's source, which Argo CD reads the chart from. */
export function repoUrlOf(entity: Entity): string | undefined {
  const location =
    entity.metadata.annotations?.['backstage.io/source-location'];
  const url = location?.replace(/^url:/, '');
  if (!url || !/^https?:\/\//.test(url)) {
    return undefined;
  }
  return url.replace(/\/(tree|blob|src)\/.*$/, '').replace(/\/$/, '');
}
