import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runNodeScript } from '../nodeScript';
import yaml from 'yaml';
import { HelmTools, TOOLS_DIR } from './tools';

/** What a command printed and how it ended. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A Kubernetes object as Helm rendered it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  [key: string]: unknown;
}

/** Runs a command to its end and never throws for a non-zero exit. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { env: options.env, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) {
      child.stdin?.end(options.input);
    }
  });
}

/** Keeps Helm's cache, config and plugins out of the user's home. */
export function helmEnv(): NodeJS.ProcessEnv {
  const home = path.join(TOOLS_DIR, 'helm-home');
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
}

/** `helm lint --strict CHART -f VALUES...`. */
export function helmLint(
  tools: HelmTools,
  chartDir: string,
  valuesFiles: string[],
): Promise<CommandResult> {
  return run(
    tools.helm,
    ['lint', '--strict', chartDir, ...valuesFiles.flatMap(f => ['-f', f])],
    { env: helmEnv() },
  );
}

/** Options of {@link helmTemplate}. */
export interface TemplateOptions {
  releaseName: string;
  namespace: string;
  valuesFiles: string[];
  /** Passed as --api-versions, e.g. `monitoring.coreos.com/v1`, to exercise Capabilities guards. */
  apiVersions?: string[];
}

/**
 * `helm template`, parsed into objects. Throws with Helm's error output when rendering fails or the
 * output is not valid YAML.
 */
export async function helmTemplate(
  tools: HelmTools,
  chartDir: string,
  options: TemplateOptions,
): Promise<KubeObject[]> {
  const args = [
    'template',
    options.releaseName,
    chartDir,
    '--namespace',
    options.namespace,
    ...options.valuesFiles.flatMap(f => ['-f', f]),
    ...(options.apiVersions ?? []).flatMap(v => ['--api-versions', v]),
  ];
  const result = await run(tools.helm, args, { env: helmEnv() });
  if (result.code !== 0) {
    throw new Error(
      `helm ${tools.version} ${args.join(' ')} failed:\n${result.stderr}`,
    );
  }
  const objects: KubeObject[] = [];
  for (const doc of yaml.parseAllDocuments(result.stdout)) {
    if (doc.errors.length > 0) {
      throw new Error(
        `helm ${tools.version} rendered invalid YAML: ${doc.errors
          .map(e => e.message)
          .join('; ')}`,
      );
    }
    const object = doc.toJS();
    if (object !== null && object !== undefined) {
      objects.push(object);
    }
  }
  return objects;
}

/** The outcome of validating one object with kubernetes-models. */
export interface ModelValidation {
  apiVersion: string;
  kind: string;
  name: string;
  error?: string;
}

/**
 * Validates objects with kubernetes-models, @kubernetes-models/prometheus-operator and
 * @kubernetes-models/external-secrets, in a child Node process (the packages are ES modules only).
 * An object of a kind no package models comes back with an error.
 */
export function validateModels(
  objects: KubeObject[],
): Promise<ModelValidation[]> {
  // These checks run from source in the repository, never from a build.
  // eslint-disable-next-line no-restricted-syntax
  return runNodeScript<ModelValidation[]>(
    // These checks run from source in the repository, never from a build.
    // eslint-disable-next-line no-restricted-syntax
    path.join(__dirname, 'validateModels.mjs'),
    objects,
  );
}

/** Creates a temporary directory that {@link removeTempDir} deletes. */
export function makeTempDir(prefix: string): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeTempDir(dir: string | undefined): Promise<void> {
  if (dir) {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/** `promtool check rules` on a PrometheusRule's spec (a rule file's `groups`). */
export async function promtoolCheckRules(
  promtool: string,
  spec: unknown,
): Promise<CommandResult> {
  const dir = await makeTempDir('paved-promtool-');
  try {
    const file = path.join(dir, 'rules.yaml');
    await fsp.writeFile(file, yaml.stringify(spec));
    return await run(promtool, ['check', 'rules', file]);
  } finally {
    await removeTempDir(dir);
  }
}

/**
 * `promtool test rules`: evaluates the rule groups against synthetic series and compares the alerts
 * that fire with `tests` (the `tests:` list of a promtool unit test file).
 */
export async function promtoolTestRules(
  promtool: string,
  spec: unknown,
  tests: unknown[],
): Promise<CommandResult> {
  const dir = await makeTempDir('paved-promtool-');
  try {
    await fsp.writeFile(path.join(dir, 'rules.yaml'), yaml.stringify(spec));
    const testFile = path.join(dir, 'test.yaml');
    await fsp.writeFile(
      testFile,
      yaml.stringify({
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests,
      }),
    );
    return await run(promtool, ['test', 'rules', testFile]);
  } finally {
    await removeTempDir(dir);
  }
}
