#!/usr/bin/env node
// End-to-end smoke test of Paved in real headless Chromium (`yarn test:e2e`).
//
//   node scripts/e2e/run.mjs            all specs in scripts/e2e/specs/*.spec.mjs
//   node scripts/e2e/run.mjs argocd     only the specs whose file name contains "argocd"
//
// Needs the built app (`yarn workspace app build` → packages/app/dist) and /usr/bin/chromium.
// Starts the backend on a free loopback port (or PAVED_E2E_PORT) with app-config.yaml plus
// scripts/e2e/app-config.e2e.yaml (the backend serves the built app; throwaway SQLite directory
// .paved/e2e/sqlite and local git directory .paved/e2e/git, where the scaffold spec publishes,
// both fresh each run), waits for readiness and for the catalog to hold the example
// components, runs the specs with node's test runner (TAP output ending in `# pass N` / `# fail N`),
// and always stops the backend. Screenshots and per-spec browser logs go to .paved/artifacts/e2e/,
// with a copy of the backend log.
//
// Environment: PAVED_E2E_PORT, PAVED_E2E_READY_TIMEOUT_S (default 120), PAVED_E2E_TIMEOUT_S (whole
// run, default 300), PAVED_E2E_CHROMIUM (default /usr/bin/chromium), PAVED_E2E_EXTRA_CONFIG (more
// config files, comma-separated, loaded last: to try a config change before it goes into
// app-config.yaml).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  describeLog,
  errorLines,
  findFreePort,
  pollJson,
  repoRoot,
  startBackend,
  waitForReady,
} from '../lib/backend.mjs';
import { chromiumPath } from '../lib/chromium.mjs';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = msg => process.stderr.write(`[e2e] ${msg}\n`);

const e2eDir = path.join(repoRoot, '.paved/e2e');
const sqliteDir = path.join(e2eDir, 'sqlite');
const localGitDir = path.join(e2eDir, 'git');
const backendLog = path.join(e2eDir, 'backend.log');
const artifactsDir = path.join(repoRoot, '.paved/artifacts/e2e');
const specsDir = path.join(repoRoot, 'scripts/e2e/specs');
const appDist = path.join(repoRoot, 'packages/app/dist/index.html');
const EXAMPLE_COMPONENTS = ['orders-api', 'vision-inference', 'billing-worker'];

function fail(message) {
  log(`FAILED: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(appDist)) {
  fail(
    `the built app is missing (${path.relative(
      repoRoot,
      appDist,
    )} not found). ` + 'Build it first: yarn workspace app build',
  );
}
if (!fs.existsSync(chromiumPath)) {
  fail(`Chromium not found at ${chromiumPath} (apt-get install chromium)`);
}

const filters = process.argv.slice(2);
const specFiles = fs
  .readdirSync(specsDir)
  .filter(f => f.endsWith('.spec.mjs'))
  .filter(f => !filters.length || filters.some(x => f.includes(x)))
  .sort()
  .map(f => path.join(specsDir, f));
if (!specFiles.length)
  fail(`no spec in ${specsDir} matches ${filters.join(', ')}`);

fs.rmSync(e2eDir, { recursive: true, force: true });
fs.rmSync(artifactsDir, { recursive: true, force: true });
fs.mkdirSync(sqliteDir, { recursive: true });
fs.mkdirSync(localGitDir, { recursive: true });
fs.mkdirSync(artifactsDir, { recursive: true });

const port = Number(process.env.PAVED_E2E_PORT) || (await findFreePort());
const token = randomBytes(24).toString('hex');
const baseUrl = `http://localhost:${port}`;

log(
  `starting the backend on ${baseUrl} (log: ${path.relative(
    repoRoot,
    backendLog,
  )})`,
);
const backend = startBackend({
  configs: [
    'app-config.yaml',
    'scripts/e2e/app-config.e2e.yaml',
    ...(process.env.PAVED_E2E_EXTRA_CONFIG || '').split(',').filter(Boolean),
  ],
  port,
  logFile: backendLog,
  env: {
    PAVED_E2E_PORT: String(port),
    PAVED_E2E_SQLITE_DIR: sqliteDir,
    PAVED_E2E_LOCAL_GIT_DIR: localGitDir,
    PAVED_E2E_TOKEN: token,
  },
});

let tests; // the node --test child process
let finishing;
async function finish(code, reason, { graceMs } = {}) {
  finishing ??= (async () => {
    if (reason) log(reason);
    if (tests && tests.exitCode === null) tests.kill('SIGTERM');
    await backend.stop({ graceMs });
    try {
      fs.copyFileSync(backendLog, path.join(artifactsDir, 'backend.log'));
    } catch {
      /* no log */
    }
    log(
      `backend stopped; artifacts in ${path.relative(
        repoRoot,
        artifactsDir,
      )}/ (${elapsed()})`,
    );
    process.exit(code);
  })();
  return finishing;
}
process.on('SIGINT', () =>
  finish(130, 'interrupted (SIGINT)', { graceMs: 3_000 }),
);
process.on('SIGTERM', () =>
  finish(143, 'terminated (SIGTERM)', { graceMs: 3_000 }),
);

const totalTimeoutS = Number(process.env.PAVED_E2E_TIMEOUT_S) || 300;
setTimeout(
  () => finish(1, `FAILED: the e2e run exceeded ${totalTimeoutS} s`),
  totalTimeoutS * 1000,
).unref();

try {
  const readyMs = await waitForReady(backend, {
    timeoutMs: (Number(process.env.PAVED_E2E_READY_TIMEOUT_S) || 120) * 1000,
  });
  log(`backend ready after ${(readyMs / 1000).toFixed(1)} s`);

  const index = await fetch(`http://127.0.0.1:${port}/`).then(r => r.text());
  if (!index.includes('<div id="root">')) {
    throw new Error(
      `the backend does not serve the built app at / (app-backend); got: ${index.slice(
        0,
        200,
      )}\n` + describeLog(backend),
    );
  }

  await pollJson(
    `http://127.0.0.1:${port}/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name&limit=100`,
    {
      token,
      timeoutMs: 60_000,
      what: `the catalog to ingest ${EXAMPLE_COMPONENTS.join(', ')}`,
      check: body => {
        const names = new Set(body.items.map(e => e.metadata.name));
        return EXAMPLE_COMPONENTS.every(n => names.has(n));
      },
    },
  );
  log(
    `catalog has the example components (${elapsed()}); running ${
      specFiles.length
    } spec file(s)`,
  );
} catch (error) {
  await finish(1, `FAILED: ${error.message}`);
}

tests = spawn(
  process.execPath,
  [
    '--test',
    '--test-reporter=tap',
    '--test-concurrency=1',
    '--test-timeout=90000',
    ...specFiles,
  ],
  {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PAVED_E2E_BASE_URL: baseUrl,
      PAVED_E2E_ARTIFACTS: artifactsDir,
      PAVED_E2E_CHROMIUM: chromiumPath,
      // Specs that check results through the backend's APIs (scaffold.spec.mjs) use the static
      // token of app-config.e2e.yaml; the local git directory lets them look at what was published.
      PAVED_E2E_TOKEN: token,
      PAVED_E2E_LOCAL_GIT_DIR: localGitDir,
    },
  },
);
tests.on('exit', async (code, signal) => {
  const backendErrors = errorLines(backend.readLog(), 10);
  if (backendErrors.length) {
    log(
      `note: the backend logged errors during the run (not a failure by itself):\n  ${backendErrors.join(
        '\n  ',
      )}`,
    );
  }
  if (backend.exitInfo) {
    log(
      `the backend exited during the run (${JSON.stringify(
        backend.exitInfo,
      )})\n${describeLog(backend)}`,
    );
    code = code || 1;
  }
  await finish(
    code === 0 ? 0 : 1,
    code === 0
      ? `all specs passed (${elapsed()})`
      : `FAILED: specs failed (exit ${
          code ?? signal
        }); screenshots and browser logs in ${path.relative(
          repoRoot,
          artifactsDir,
        )}/`,
  );
});
