import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentProvisioner } from '@paved/plugin-paved-node';
import yaml from 'yaml';
import { EntityAccess } from '../authorization/EntityAccess';
import { examples } from './kubernetesApply.examples';
import {
  authorizeEnvironment,
  environmentNamespace,
  scaffolderRunOptions,
} from './environmentAccess';
import {
  environmentTargetInput,
  planJson,
  planOutput,
} from './environmentInputs';

async function manifestFiles(root: string): Promise<string[]> {
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat) {
    return [];
  }
  if (stat.isFile()) {
    return [root];
  }
  const entries = await fs.readdir(root, { recursive: true });
  return entries
    .filter(entry => /\.ya?ml$/.test(entry))
    .sort()
    .map(entry => path.join(root, entry));
}

/** Every document of the YAML files at `root` (a file or a folder). */
async function readManifests(root: string, field: string): Promise<unknown[]> {
  const manifests: unknown[] = [];
  for (const file of await manifestFiles(root)) {
    for (const document of yaml.parseAllDocuments(
      await fs.readFile(file, 'utf8'),
    )) {
      if (document.errors.length) {
        throw new InputError(
          `${field}: ${path.basename(file)} is not valid YAML: ${
            document.errors[0].message
          }`,
        );
      }
      manifests.push(document.toJS());
    }
  }
  return manifests;
}

/**
 * `paved:kubernetes:apply` server-side applies manifests of the workspace into a Paved
 * environment's namespace, as field manager `paved`. Kinds that belong to the environment itself
 * (namespaces, quotas, RBAC, network policies) and objects of other namespaces are refused
 * before anything is written.
 *
 * @public
 */
export function createKubernetesApplyAction(options: {
  provisioner: EnvironmentProvisioner;
  access: EntityAccess;
}) {
  const { provisioner, access } = options;
  return createTemplateAction({
    id: 'paved:kubernetes:apply',
    description:
      'Server-side applies workspace manifests into a Paved environment’s namespace',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...environmentTargetInput,
        path: z =>
          z
            .string()
            .max(500)
            .default('manifests')
            .describe('A YAML file or folder of the workspace'),
      },
      output: {
        plan: planOutput,
        applied: z => z.array(z.string()).describe('The objects written'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const entity = await authorizeEnvironment(
        access,
        input,
        await ctx.getInitiatorCredentials(),
        'apply manifests to',
      );
      const manifests = await readManifests(
        resolveSafeChildPath(ctx.workspacePath, input.path),
        'path',
      );
      const result = await provisioner.applyManifests(
        {
          cluster: input.cluster,
          namespace: environmentNamespace(entity, input.environment),
          manifests,
        },
        scaffolderRunOptions(ctx, input.cluster, ctx.isDryRun),
      );
      ctx.output('plan', planJson(result.plan));
      ctx.output('applied', result.applied);
    },
  });
}
