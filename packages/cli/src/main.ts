import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  EnvironmentProvisioner,
  KubernetesClusters,
  parseGpuFlags,
  PlanItem,
  readEnvironmentSettings,
} from '@paved/plugin-paved-node';
import yaml from 'yaml';
import { readServiceFacts } from './serviceRepository';

/** Where the CLI reads and writes; the tests pass their own. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage:
  paved env provision --component C --env E --cluster K [--owner group:default/T]
        [--repo-url URL] [--ttl 72h] [--gpu nvidia.com/gpu=2] [--dry-run]
  paved env teardown --component C --env E --cluster K [--confirm <component>-prod] [--dry-run]
  paved env list [--cluster K]
Common: [--output json] [--kubeconfig PATH] [--config app-config.yaml]
Inside a service repository, component, owner and repository come from catalog-info.yaml.
Exit codes: 0 done, 1 failed, 2 bad input.`;

const OPTIONS = {
  component: { type: 'string' },
  env: { type: 'string' },
  cluster: { type: 'string' },
  owner: { type: 'string' },
  'repo-url': { type: 'string' },
  ttl: { type: 'string' },
  gpu: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  confirm: { type: 'string' },
  output: { type: 'string' },
  kubeconfig: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean' },
} as const;

async function provisionerFor(
  values: { kubeconfig?: string; config?: string },
  cwd: string,
) {
  let root;
  if (values.config) {
    const text = await fs
      .readFile(path.resolve(cwd, values.config), 'utf8')
      .catch(() => {
        throw new InputError(`config: cannot read ${values.config}`);
      });
    root = new ConfigReader(yaml.parse(text) ?? {});
  }
  const settings = readEnvironmentSettings(root);
  const kubeConfig = new KubeConfig();
  if (values.kubeconfig) {
    kubeConfig.loadFromFile(path.resolve(cwd, values.kubeconfig));
  } else {
    kubeConfig.loadFromDefault();
  }
  const clusters = KubernetesClusters.fromKubeConfig(kubeConfig, {
    timeoutMs: settings.requestTimeoutMs,
  });
  const currentCluster = kubeConfig.getCurrentCluster()?.name;
  return {
    provisioner: EnvironmentProvisioner.create({ clusters, settings }),
    currentCluster,
  };
}

function planText(plan: PlanItem[]): string {
  return plan
    .map(item => {
      const detail = item.reason
        ? ` (${item.reason})`
        : (item.diff ?? [])
            .map(
              c =>
                `\n    ${c.path}: ${JSON.stringify(c.from)} → ${JSON.stringify(
                  c.to,
                )}`,
            )
            .join('');
      return `  ${item.action.padEnd(10)} ${item.object}${detail}`;
    })
    .join('\n');
}

async function run(argv: string[], io: CliIo): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const [group, command] = positionals;
  if (group !== 'env' || !command) {
    throw new InputError(`unknown command\n${USAGE}`);
  }
  if (
    values.output !== undefined &&
    !['json', 'text'].includes(values.output)
  ) {
    throw new InputError(`output: '${values.output}' must be json or text`);
  }
  const facts = await readServiceFacts(io.cwd);
  const { provisioner, currentCluster } = await provisionerFor(values, io.cwd);
  const progress = (line: string) => io.stderr(`${line}\n`);
  const target = {
    component: values.component ?? facts.component ?? '',
    environment: values.env ?? '',
    cluster: values.cluster ?? currentCluster ?? '',
  };
  switch (command) {
    case 'provision':
      return provisioner.provision(
        {
          ...target,
          owner: values.owner ?? facts.owner,
          repoUrl: values['repo-url'] ?? facts.repoUrl,
          ttl: values.ttl,
          gpu: parseGpuFlags(values.gpu ?? []),
        },
        { dryRun: values['dry-run'], progress },
      );
    case 'teardown':
      if (
        target.environment === 'prod' &&
        !values['dry-run'] &&
        values.confirm !== `${target.component}-prod`
      ) {
        throw new InputError(
          `confirm: tearing down production needs --confirm ${target.component}-prod`,
        );
      }
      return provisioner.teardown(target, {
        dryRun: values['dry-run'],
        progress,
      });
    case 'list':
      return { environments: await provisioner.list(values.cluster) };
    default:
      throw new InputError(`unknown command env ${command}\n${USAGE}`);
  }
}

function summary(result: unknown): string {
  const r = result as {
    plan?: PlanItem[];
    environments?: { cluster: string; namespace: string; expiresAt?: string }[];
    namespace?: string;
    cluster?: string;
    dryRun?: boolean;
  };
  if (r.environments) {
    return `${r.environments
      .map(
        e =>
          `${e.cluster}\t${e.namespace}${
            e.expiresAt ? `\texpires ${e.expiresAt}` : ''
          }`,
      )
      .join('\n')}\n`;
  }
  return `${r.dryRun ? 'Plan' : 'Done'} for ${r.namespace} on ${
    r.cluster
  }:\n${planText(r.plan ?? [])}\n`;
}

/** Runs `paved …` and answers the exit code: 0 done, 1 failed, 2 bad input. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('json');
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const result = await run(argv, io);
    io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
    return 0;
  } catch (error) {
    const e = error as Error & { code?: string };
    const badInput =
      e.name === 'InputError' || e.code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`paved: ${e.message}\n`);
    if (json) {
      io.stdout(
        `${JSON.stringify({ error: { name: e.name, message: e.message } })}\n`,
      );
    }
    return badInput ? 2 : 1;
  }
}
