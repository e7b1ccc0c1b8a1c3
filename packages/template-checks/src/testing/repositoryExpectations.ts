import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { PAVED_ENVIRONMENTS } from '@paved/plugin-paved-common';
import { ParameterSetName, parameterSets } from '../parameterSets';

/** The cloud resources a service can ask for, each a Terraform file of its module. */
const RESOURCES = ['postgres', 'redis', 'bucket'] as const;
export type Resource = (typeof RESOURCES)[number];

/** The GitHub workflows every generated repository has. */
export const WORKFLOWS = [
  'build.yaml',
  'promote.yaml',
  'terraform.yaml',
  'pin.yaml',
  'validate.yaml',
];

/** What a parameter set asks of the generated repository, read from the parameters themselves. */
export function repositoryExpectationsOf(set: ParameterSetName) {
  const p = parameterSets[set] as Record<string, any>;
  const name: string = p.name;
  const environments = PAVED_ENVIRONMENTS.filter(env =>
    p.environments.includes(env),
  );
  return {
    name,
    description: p.description as string,
    image: p.image as string,
    environments,
    namespaces: environments.map(env => `${name}-${env}`),
    resources: RESOURCES.filter(r => p[r] === true),
    gpu: (p.gpuMode ?? 'none') !== 'none',
    autoscaling: p.autoscalingEnabled !== false,
    region: (p.awsRegion as string) ?? 'eu-west-1',
    chartPath: `charts/${name}`,
    owner: stringifyEntityRef(
      parseEntityRef(p.owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ),
    system: p.system
      ? stringifyEntityRef(
          parseEntityRef(p.system, {
            defaultKind: 'system',
            defaultNamespace: 'default',
          }),
        )
      : undefined,
  };
}
