#!/usr/bin/env node
// The adopter test (`npm test` step "adopter"): installs Paved into a fresh Backstage app exactly
// as docs/install.md says, and checks that the app works with it.
//
//   pack        every publishable @paved package (scripts/packages/pack.mjs)
//   registry    verdaccio on loopback, storage in the temp dir, the packages published to it and
//               everything else proxied to `npm config get registry`
//   create-app  the newest @backstage/create-app, --skip-install, plus the resolutions this
//               machine's npm mirror needs (the root package.json's, see ENVIRONMENT.md)
//   doc steps   the marked code blocks of docs/install.md (scripts/adopter/docBlocks.mjs)
//   install     one `yarn install` (the doc's `yarn add` lines only resolve, --mode=update-lockfile)
//   tsc         the app's type check, with Paved's lines in its backend
//   backend     the app's backend with its app-config.yaml and a test config (port, a static token)
//   checks      one copy of each Backstage package Paved plugs into, the paved:* actions, the
//               templates in the catalog, a dry run of `service`, the Paved policy in effect,
//               the runtime API, and what an invalid paved.* value does
//   app build   the app's production build, with the runtime cards' package in it
//   cli         `npx @paved/cli --help` from the registry, as CI pipelines run it
//
// Everything it starts is stopped at the end, failed or not. PAVED_ADOPTER_KEEP=1 keeps the temp
// dir (app, logs) for a look afterwards.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  describeLog,
  findFreePort,
  pollJson,
  startBackend,
  waitForReady,
} from '../lib/backend.mjs';
import { packAll } from '../packages/pack.mjs';
import { repoRoot } from '../packages/publishable.mjs';
import { applyDocSteps, readDocSteps } from './docBlocks.mjs';
import {
  checkActions,
  checkCardsBundle,
  checkCli,
  checkDryRun,
  checkInvalidConfig,
  checkNoNewFrontendCopies,
  checkPolicy,
  checkRuntime,
  checkSingleCopies,
  checkTemplates,
} from './checks.mjs';

const INSTALL_DOC = path.join(repoRoot, 'docs/install.md');
// The registry URL docs/install.md uses for trying Paved from a local verdaccio.
const DOC_REGISTRY = 'http://localhost:4873';
// Resolutions for gaps of this machine's npm mirror (ENVIRONMENT.md), from Paved's own root.
const MIRROR_GAP_PACKAGES = [
  '@swc/core',
  'rollup',
  'unrs-resolver',
  '@yarnpkg/core',
];

const timings = [];
async function phase(name, fn) {
  const started = Date.now();
  console.log(`[adopter] ▶ ${name}`);
  try {
    return await fn();
  } finally {
    const seconds = (Date.now() - started) / 1000;
    timings.push([name, seconds]);
    console.log(`[adopter] ✔ ${name} (${seconds.toFixed(1)} s)`);
  }
}

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: 'inherit', ...options });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-adopter-'));
const appDir = path.join(work, 'app');
const cleanups = [];
let failed = false;

try {
  const packed = await phase('pack', () =>
    process.env.PAVED_ADOPTER_PACKAGES
      ? reusePackages(process.env.PAVED_ADOPTER_PACKAGES)
      : packAll(path.join(work, 'packages')),
  );

  const registry = await phase('registry', async () => {
    const started = await startRegistry(work);
    cleanups.push(() => started.stop());
    await publishAll(started, packed);
    return started;
  });

  await phase('create-app', () => createApp());

  const backendEnv = { NODE_ENV: 'development' };
  forgetCachedPavedTarballs(appDir);
  await phase('doc steps', () =>
    applyDocSteps(readDocSteps(INSTALL_DOC), {
      appDir,
      rewrite: body => body.replaceAll(DOC_REGISTRY, registry.url),
      runCommands: async body =>
        run(
          'bash',
          [
            '-euo',
            'pipefail',
            '-c',
            // Resolve only; the install phase fetches and links once for all of them.
            body.replace(
              /\byarn (.*?)\badd\b/g,
              'yarn $1add --mode=update-lockfile',
            ),
          ],
          { cwd: appDir, env: yarnEnv() },
        ),
    }),
  );

  await phase('install', () =>
    run('yarn', ['install'], { cwd: appDir, env: yarnEnv() }),
  );
  await phase('tsc', () => run('yarn', ['tsc'], { cwd: appDir }));

  const token = crypto.randomBytes(24).toString('base64url');
  const backend = await phase('backend', async () => {
    const port = await findFreePort();
    const config = path.join(appDir, 'app-config.adopter-test.yaml');
    fs.writeFileSync(config, testConfig({ port, token }));
    const started = startBackend({
      root: appDir,
      configs: ['app-config.yaml', config],
      port,
      logFile: path.join(work, 'backend.log'),
      env: backendEnv,
    });
    cleanups.push(() => started.stop());
    await waitForReady(started, { timeoutMs: 180_000 });
    return started;
  });

  await phase('checks', async () => {
    const ctx = { appDir, backend, token, work, packed, pollJson, describeLog };
    await checkSingleCopies(ctx);
    await checkNoNewFrontendCopies(ctx);
    await checkActions(ctx);
    await checkTemplates(ctx);
    await checkDryRun(ctx);
    await checkPolicy(ctx);
    await checkRuntime(ctx);
  });

  await phase('invalid config', async () => {
    await backend.stop();
    await checkInvalidConfig({
      appDir,
      work,
      startBackend,
      findFreePort,
      env: backendEnv,
      cleanups,
    });
  });

  await phase('app build', () => checkCardsBundle({ appDir }));
  await phase('cli', () => checkCli({ registry, work }));
} catch (error) {
  failed = true;
  console.error(`[adopter] FAILED: ${error.stack ?? error}`);
} finally {
  const cleanupStarted = Date.now();
  for (const cleanup of cleanups.reverse()) {
    await Promise.resolve(cleanup()).catch(e =>
      console.error(`[adopter] cleanup: ${e}`),
    );
  }
  if (process.env.PAVED_ADOPTER_KEEP === '1') {
    console.log(`[adopter] kept ${work}`);
  } else {
    // Deleting the app's ~2,800 installed packages takes minutes on a busy disk, and nothing
    // waits for it: a detached rm does it while the next steps run.
    spawn('rm', ['-rf', work], { detached: true, stdio: 'ignore' }).unref();
  }
  timings.push(['cleanup', (Date.now() - cleanupStarted) / 1000]);
  console.log('[adopter] timings (s):');
  for (const [name, seconds] of timings) {
    console.log(`  ${name.padEnd(16)} ${seconds.toFixed(1)}`);
  }
  const total = timings.reduce((sum, [, s]) => sum + s, 0);
  console.log(`  ${'total'.padEnd(16)} ${total.toFixed(1)}`);
}
process.exit(failed ? 1 : 0);

// Every local pack carries the same version, and Yarn's global cache is keyed by name and
// version: without this, an earlier run's @paved tarballs would be installed instead of this run's.
function forgetCachedPavedTarballs(cwd) {
  const cacheFolder = execFileSync('yarn', ['config', 'get', 'cacheFolder'], {
    cwd,
    env: yarnEnv(),
    encoding: 'utf8',
  }).trim();
  if (!fs.existsSync(cacheFolder)) return;
  for (const file of fs.readdirSync(cacheFolder)) {
    if (file.startsWith('@paved-')) {
      fs.rmSync(path.join(cacheFolder, file), { force: true });
    }
  }
}

function yarnEnv() {
  return {
    ...process.env,
    COREPACK_DEFAULT_TO_LATEST: '0',
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    // CI=true makes Yarn refuse to change a lockfile; the app's lockfile is made here.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    // Keep the test's install from reporting progress bars into CI logs.
    YARN_ENABLE_PROGRESS_BARS: '0',
    YARN_ENABLE_TELEMETRY: '0',
  };
}

async function startRegistry(dir) {
  const port = await findFreePort();
  const upstream = execFileSync('npm', ['config', 'get', 'registry'], {
    encoding: 'utf8',
  }).trim();
  const configPath = path.join(dir, 'verdaccio.yaml');
  fs.writeFileSync(
    configPath,
    [
      `storage: ${JSON.stringify(path.join(dir, 'verdaccio-storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(dir, 'verdaccio-htpasswd'))}`,
      'uplinks:',
      '  upstream:',
      `    url: ${JSON.stringify(upstream)}`,
      'packages:',
      "  '@paved/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    proxy: upstream',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const logFd = fs.openSync(path.join(dir, 'verdaccio.log'), 'w');
  const child = spawn(
    path.join(repoRoot, 'node_modules/.bin/verdaccio'),
    ['--config', configPath, '--listen', `127.0.0.1:${port}`],
    { detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ping`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(
        `verdaccio did not start:\n${fs.readFileSync(
          path.join(dir, 'verdaccio.log'),
          'utf8',
        )}`,
      );
    }
    await sleep(300);
  }
  return {
    url,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
  };
}

async function publishAll(registry, packed) {
  // What `npm adduser` does: the first user of the fresh registry gets a token.
  const res = await fetch(`${registry.url}/-/user/org.couchdb.user:paved`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'paved', password: crypto.randomUUID() }),
  });
  if (!res.ok)
    throw new Error(
      `verdaccio adduser: HTTP ${res.status} ${await res.text()}`,
    );
  const { token } = await res.json();
  const npmrc = path.join(work, 'npmrc');
  const host = registry.url.replace(/^https?:/, '');
  fs.writeFileSync(npmrc, `${host}/:_authToken=${token}\n`);
  for (const { tarball } of packed) {
    run(
      'npm',
      ['publish', tarball, '--registry', registry.url, '--loglevel', 'warn'],
      {
        env: { ...process.env, NPM_CONFIG_USERCONFIG: npmrc },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
}

// PAVED_ADOPTER_PACKAGES=DIR takes the tarballs of an earlier `yarn pack:paved DIR` (faster reruns).
function reusePackages(dir) {
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.tgz'))
    .map(file => ({ tarball: path.resolve(dir, file) }));
}

function createApp() {
  try {
    execFileSync(
      'npx',
      [
        '--yes',
        '@backstage/create-app@latest',
        '--skip-install',
        '--path',
        appDir,
      ],
      {
        cwd: work,
        env: { ...yarnEnv(), BACKSTAGE_APP_NAME: 'adopter-app' },
        stdio: 'pipe',
      },
    );
  } catch (error) {
    throw new Error(`create-app failed:\n${error.stdout}\n${error.stderr}`);
  }
  const rootManifest = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
  );
  const appManifestPath = path.join(appDir, 'package.json');
  const appManifest = JSON.parse(fs.readFileSync(appManifestPath, 'utf8'));
  for (const name of MIRROR_GAP_PACKAGES) {
    appManifest.resolutions[name] = rootManifest.resolutions[name];
  }
  fs.writeFileSync(
    appManifestPath,
    `${JSON.stringify(appManifest, null, 2)}\n`,
  );
  // create-app's seed lockfile references patches fetched from elsewhere (ENVIRONMENT.md).
  fs.rmSync(path.join(appDir, 'yarn.lock'), { force: true });
}

function testConfig({ port, token }) {
  return [
    '# Written by scripts/adopter/run.mjs: the port of this run and the token its checks use.',
    'backend:',
    `  baseUrl: http://localhost:${port}`,
    '  listen:',
    `    port: ${port}`,
    '  auth:',
    '    externalAccess:',
    '      - type: static',
    '        options:',
    `          token: ${token}`,
    '          subject: adopter-test',
    '',
  ].join('\n');
}
