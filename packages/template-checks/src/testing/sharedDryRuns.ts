import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ParameterSetName, parameterSets } from '../parameterSets';
import {
  PLATFORM_TEMPLATES,
  TEMPLATES_DIR,
  TemplateDryRunner,
} from '../TemplateDryRunner';

// Every check file reads the service template's output for every parameter set. The dry runs are
// done once and shared through a directory keyed by everything that decides their output: the
// template files, the source of the packages the scaffolder runs (planner, actions, dashboards),
// the parameter sets, the test platform and the lockfile. A change to any of them is a new key,
// so a stale output is never read; the first test file that needs a key renders it while the
// others wait.

// These checks run from source in the repository, never from a build.
// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const INPUTS = [
  TEMPLATES_DIR,
  path.join(REPO_ROOT, 'plugins/paved-common/src'),
  path.join(REPO_ROOT, 'plugins/paved-node/src'),
  path.join(REPO_ROOT, 'plugins/scaffolder-backend-module-paved/src'),
  path.join(REPO_ROOT, 'packages/template-checks/src/TemplateDryRunner.ts'),
  path.join(REPO_ROOT, 'yarn.lock'),
];
const WAIT_MS = 240_000;
const POLL_MS = 250;

async function listFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target);
  if (!stat.isDirectory()) return [target];
  const entries = await fs.readdir(target, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(entry => listFiles(path.join(target, entry.name))),
  );
  return nested.flat();
}

async function cacheKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ parameterSets, PLATFORM_TEMPLATES }));
  for (const input of INPUTS) {
    for (const file of await listFiles(input)) {
      hash.update(path.relative(REPO_ROOT, file));
      hash.update(await fs.readFile(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where each set's generated files are: `<dir>/<set>/...`, `<dir>/<set>.json` lists them. */
async function renderInto(dir: string, sets: ParameterSetName[]) {
  const runner = await TemplateDryRunner.create();
  try {
    await Promise.all(
      sets.map(async set => {
        const result = await runner.dryRun('service', parameterSets[set]);
        if (result.status !== 200) {
          throw new Error(
            `dry run of ${set} failed: ${JSON.stringify(
              result.error,
              null,
              2,
            )}`,
          );
        }
        for (const [name, content] of result.files) {
          const dest = path.join(dir, set, name);
          await fs.mkdir(path.dirname(dest), { recursive: true });
          await fs.writeFile(dest, content);
        }
        await fs.writeFile(
          path.join(dir, `${set}.json`),
          JSON.stringify([...result.files.keys()]),
        );
      }),
    );
  } finally {
    await runner.stop();
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The directory that holds the dry runs of every parameter set, rendering them when no test file
 * has yet. Read-only for callers: copy a repository before writing into it.
 */
export async function sharedDryRuns(sets: ParameterSetName[]): Promise<string> {
  const dir = path.join(
    os.tmpdir(),
    `paved-template-dry-runs-${await cacheKey()}`,
  );
  const done = path.join(dir, 'complete');
  if (await exists(done)) return dir;
  const lock = `${dir}.lock`;
  // A lock older than any render is left by a stopped run.
  const lockAge = await fs.stat(lock).then(
    stat => Date.now() - stat.mtimeMs,
    () => 0,
  );
  if (lockAge > WAIT_MS) await fs.rm(lock, { recursive: true, force: true });
  const owner = await fs.mkdir(lock).then(
    () => true,
    () => false,
  );
  if (owner) {
    const staging = await fs.mkdtemp(`${dir}.staging-`);
    try {
      await renderInto(staging, sets);
      await fs.writeFile(path.join(staging, 'complete'), '');
      await fs.rename(staging, dir);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
      await fs.rm(lock, { recursive: true, force: true });
    }
    return dir;
  }
  for (let waited = 0; waited < WAIT_MS; waited += POLL_MS) {
    if (await exists(done)) return dir;
    // The renderer failed or was stopped: render here instead.
    if (!(await exists(lock))) return sharedDryRuns(sets);
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`timed out waiting for another test file to render ${dir}`);
}

/** The files one parameter set generated, as the dry run returned them. */
export async function readSharedDryRun(
  dir: string,
  set: ParameterSetName,
): Promise<Map<string, Buffer>> {
  const names: string[] = JSON.parse(
    await fs.readFile(path.join(dir, `${set}.json`), 'utf8'),
  );
  const files = new Map<string, Buffer>();
  for (const name of names) {
    files.set(name, await fs.readFile(path.join(dir, set, name)));
  }
  return files;
}
