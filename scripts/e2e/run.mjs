#!/usr/bin/env node
// End-to-end smoke test of Paved in real headless Chromium (`yarn test:e2e`).
//
//   node scripts/e2e/run.mjs            all specs in scripts/e2e/specs/*.spec.mjs
//   node scripts/e2e/run.mjs argocd     only the specs whose file name contains "argocd"
//
// Needs the built app (`yarn workspace app build` → packages/app/dist) and /usr/bin/chromium.
// Runs in two phases, each with its own backend (app-config.yaml plus the phase's configs; the
// backend serves the built app; a throwaway SQLite directory and local git directory under
// .paved/e2e/<phase>/, where the scaffold spec publishes):
//
//   default       app-config.e2e.yaml: no cluster at all; every spec not named *-demo.spec.mjs
//   demo-cluster  + app-config.demo-cluster.yaml: the demo cluster with real Prometheus and
//                 Alertmanager on free ports (PAVED_E2E_DEMO_*_PORT), which the *-demo specs
//                 start themselves; needs the Debian packages prometheus, prometheus-alertmanager
//
// A phase with no matching spec is left out. Each phase waits for readiness and for the catalog
// to hold the example components, runs its specs with node's test runner (TAP output ending in
// `# pass N` / `# fail N`) and always stops its backend. Screenshots and per-spec browser logs go to
// .paved/artifacts/e2e/, with a copy of each backend log (backend-<phase>.log).
//
// Environment: PAVED_E2E_PORT, PAVED_E2E_READY_TIMEOUT_S (default 120), PAVED_E2E_TIMEOUT_S (whole
// run, default 420), PAVED_E2E_CHROMIUM (default /usr/bin/chromium), PAVED_E2E_EXTRA_CONFIG (more
// config files, comma-separated, loaded last in every phase: to try a config change before it
// goes into app-config.yaml).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  describeLog,
  errorLines,
  findFreePort,
  findReservablePort,
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
const artifactsDir = path.join(repoRoot, '.paved/artifacts/e2e');
const specsDir = path.join(repoRoot, 'scripts/e2e/specs');
const appDist = path.join(repoRoot, 'packages/app/dist/index.html');
const EXAMPLE_COMPONENTS = ['orders-api', 'vision-inference', 'billing-worker'];
const OBSERVABILITY_BINARIES = [
  '/usr/bin/prometheus',
  '/usr/bin/prometheus-alertmanager',
];
const isDemoSpec = file => file.endsWith('-demo.spec.mjs');

const PHASES = [
  {
    name: 'default',
    configs: ['scripts/e2e/app-config.e2e.yaml'],
    specs: file => !isDemoSpec(file),
    env: async () => ({}),
  },
  {
    name: 'demo-cluster',
    configs: [
      'scripts/e2e/app-config.e2e.yaml',
      'scripts/e2e/app-config.demo-cluster.yaml',
    ],
    specs: isDemoSpec,
    needs: OBSERVABILITY_BINARIES,
    env: async () => ({
      PAVED_E2E_DEMO_KUBE_PORT: String(await findReservablePort()),
      PAVED_E2E_DEMO_PROMETHEUS_PORT: String(await findReservablePort()),
      PAVED_E2E_DEMO_ALERTMANAGER_PORT: String(await findReservablePort()),
    }),
  },
];

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
const allSpecs = fs
  .readdirSync(specsDir)
  .filter(f => f.endsWith('.spec.mjs'))
  .filter(f => !filters.length || filters.some(x => f.includes(x)))
  .sort();
if (!allSpecs.length)
  fail(`no spec in ${specsDir} matches ${filters.join(', ')}`);
const phases = PHASES.map(p => ({
  ...p,
  specFiles: allSpecs.filter(p.specs).map(f => path.join(specsDir, f)),
})).filter(p => p.specFiles.length);
for (const phase of phases) {
  const missing = (phase.needs ?? []).filter(b => !fs.existsSync(b));
  if (missing.length) {
    fail(
      `the ${phase.name} phase needs ${missing.join(', ')} ` +
        '(apt-get install prometheus prometheus-alertmanager)',
    );
  }
}

fs.rmSync(e2eDir, { recursive: true, force: true });
fs.rmSync(artifactsDir, { recursive: true, force: true });
fs.mkdirSync(artifactsDir, { recursive: true });

/** What runs now, so a signal or the overall timeout can stop it. */
const current = { backend: undefined, tests: undefined };
let finishing;
async function finish(code, reason, { graceMs } = {}) {
  finishing ??= (async () => {
    if (reason) log(reason);
    if (current.tests && current.tests.exitCode === null) {
      current.tests.kill('SIGTERM');
    }
    await current.backend?.stop({ graceMs });
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

const totalTimeoutS = Number(process.env.PAVED_E2E_TIMEOUT_S) || 420;
setTimeout(
  () => finish(1, `FAILED: the e2e run exceeded ${totalTimeoutS} s`),
  totalTimeoutS * 1000,
).unref();

/** Starts the phase's backend and waits until it serves the app and the example components. */
async function startPhaseBackend(phase, { port, token, dirs, env }) {
  const backendLog = path.join(dirs.root, 'backend.log');
  log(
    `[${
      phase.name
    }] starting the backend on http://localhost:${port} (log: ${path.relative(
      repoRoot,
      backendLog,
    )})`,
  );
  const backend = startBackend({
    configs: [
      'app-config.yaml',
      ...phase.configs,
      ...(process.env.PAVED_E2E_EXTRA_CONFIG || '').split(',').filter(Boolean),
    ],
    port,
    logFile: backendLog,
    env: {
      ...env,
      PAVED_E2E_PORT: String(port),
      PAVED_E2E_SQLITE_DIR: dirs.sqlite,
      PAVED_E2E_LOCAL_GIT_DIR: dirs.git,
      PAVED_E2E_TOKEN: token,
    },
  });
  current.backend = backend;
  const readyMs = await waitForReady(backend, {
    timeoutMs: (Number(process.env.PAVED_E2E_READY_TIMEOUT_S) || 120) * 1000,
  });
  log(`[${phase.name}] backend ready after ${(readyMs / 1000).toFixed(1)} s`);

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
  return backend;
}

/** Runs the specs of one phase against its own backend; resolves true when they all passed. */
async function runPhase(phase, port) {
  const phaseStarted = Date.now();
  const token = randomBytes(24).toString('hex');
  const root = path.join(e2eDir, phase.name);
  const dirs = {
    root,
    sqlite: path.join(root, 'sqlite'),
    git: path.join(root, 'git'),
  };
  fs.mkdirSync(dirs.sqlite, { recursive: true });
  fs.mkdirSync(dirs.git, { recursive: true });
  const env = await phase.env();
  let backend;
  let code;
  try {
    backend = await startPhaseBackend(phase, { port, token, dirs, env });
    log(
      `[${
        phase.name
      }] catalog has the example components (${elapsed()}); running ${
        phase.specFiles.length
      } spec file(s)`,
    );
    current.tests = spawn(
      process.execPath,
      [
        '--test',
        '--test-reporter=tap',
        '--test-concurrency=1',
        '--test-timeout=90000',
        ...phase.specFiles,
      ],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          ...env,
          PAVED_E2E_BASE_URL: `http://localhost:${port}`,
          PAVED_E2E_ARTIFACTS: artifactsDir,
          PAVED_E2E_CHROMIUM: chromiumPath,
          // Specs that check results through the backend's APIs (scaffold.spec.mjs) use the
          // static token of app-config.e2e.yaml; the local git directory lets them look at what
          // was published.
          PAVED_E2E_TOKEN: token,
          PAVED_E2E_LOCAL_GIT_DIR: dirs.git,
        },
      },
    );
    code = await new Promise(resolve =>
      current.tests.on('exit', (c, signal) => resolve(c ?? signal)),
    );
    const backendErrors = errorLines(backend.readLog(), 10);
    if (backendErrors.length) {
      log(
        `[${
          phase.name
        }] note: the backend logged errors during the run (not a failure by itself):\n  ${backendErrors.join(
          '\n  ',
        )}`,
      );
    }
    if (backend.exitInfo) {
      log(
        `[${phase.name}] the backend exited during the run (${JSON.stringify(
          backend.exitInfo,
        )})\n${describeLog(backend)}`,
      );
      code = code || 1;
    }
  } catch (error) {
    log(`[${phase.name}] FAILED: ${error.message}`);
    code = 1;
  } finally {
    await current.backend?.stop();
    current.backend = undefined;
    current.tests = undefined;
    try {
      fs.copyFileSync(
        path.join(dirs.root, 'backend.log'),
        path.join(artifactsDir, `backend-${phase.name}.log`),
      );
    } catch {
      /* no log */
    }
  }
  log(
    `[${phase.name}] ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${(
      (Date.now() - phaseStarted) /
      1000
    ).toFixed(1)} s`,
  );
  return code === 0;
}

const port = Number(process.env.PAVED_E2E_PORT) || (await findFreePort());
const failed = [];
for (const phase of phases) {
  if (!(await runPhase(phase, port))) failed.push(phase.name);
}
await finish(
  failed.length ? 1 : 0,
  failed.length
    ? `FAILED: specs failed in phase(s) ${failed.join(
        ', ',
      )}; screenshots, browser logs and backend logs in ${path.relative(
        repoRoot,
        artifactsDir,
      )}/ (${elapsed()})`
    : `all specs passed (${elapsed()}); artifacts in ${path.relative(
        repoRoot,
        artifactsDir,
      )}/`,
);
