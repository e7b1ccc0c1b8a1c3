// Starts, waits for and stops the Paved backend for automated tests. The e2e run
// (scripts/e2e/run.mjs) and the backend integration tests (packages/backend/integration) share it,
// so both boot the backend the same way.
//
// The command is the one `yarn start` in packages/backend ends up running: `backstage-cli package
// start` spawns `node --enable-source-maps --require @backstage/cli-node/config/nodeTransform.cjs
// src/index --config …` in packages/backend. We run that child directly, without the CLI's file
// watcher: in a shared work tree any edit elsewhere would otherwise restart the backend in the
// middle of a test run (seen here: an edit under plugins/ restarted it and the next page load was
// refused).
//
// The backend runs in its own process group (detached), with stdout and stderr written to a log
// file, so `stop()` ends it and anything it spawned, and a failed start-up can be diagnosed from the
// log. A plugin that throws during start-up does not make the backend exit: readiness just stays
// 503. `waitForReady` therefore has a deadline and reports the log's first error lines.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
export const backendDir = path.join(repoRoot, 'packages/backend');

const READINESS_PATH = '/.backstage/health/v1/readiness';

/** A TCP port that is free on 127.0.0.1 right now. */
export async function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canListen(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port for a server that starts minutes after it is picked. Outside Linux's ephemeral
 * range (32768–60999): there the backend's own outgoing connections can take it in between.
 */
export async function findReservablePort() {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port between 20000 and 31999');
}

/** The node arguments `backstage-cli package start` uses for a backend package (minus the watcher). */
export function backendNodeArgs(
  configs,
  { dir = backendDir, root = repoRoot } = {},
) {
  const require = createRequire(path.join(dir, 'package.json'));
  const args = [
    '--enable-source-maps',
    '--require',
    require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
    'src/index',
  ];
  for (const config of configs) {
    args.push('--config', path.resolve(root, config));
  }
  return args;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Lines of a backend log that report errors (pretty dev format and JSON production format). */
export function errorLines(logText, max = 20) {
  const lines = logText.split('\n');
  const out = [];
  for (let i = 0; i < lines.length && out.length < max; i++) {
    const line = lines[i];
    if (
      /"level":"error"/.test(line) ||
      /\s(error|fatal)\s/i.test(line) ||
      /^\s*(\w*Error|Error)(:|\s\[)/.test(line) ||
      /Missing required config|Failed to|threw an error/i.test(line)
    ) {
      out.push(line);
      // Keep a stack trace's next lines with the first error, they name the culprit.
      if (out.length === 1) {
        for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
          if (/^\s+at\s/.test(lines[j])) out.push(lines[j]);
        }
      }
    }
  }
  return out;
}

/**
 * Starts the backend.
 * @param {object} options
 * @param {string[]} options.configs  config files, absolute or relative to the repo root, in order
 * @param {number} options.port       the port the configs make the backend listen on
 * @param {string} options.logFile    where the backend's stdout and stderr go
 * @param {Record<string,string>} [options.env] extra environment variables
 * @param {string} [options.root]      the monorepo of the backend (default: Paved's); configs are
 *                                     relative to it
 * @param {string} [options.dir]       the backend package (default: Paved's packages/backend)
 */
export function startBackend({
  configs,
  port,
  logFile,
  env = {},
  root = repoRoot,
  dir = path.join(root, 'packages/backend'),
}) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logFd = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    backendNodeArgs(configs, { dir, root }),
    {
      cwd: dir,
      detached: true, // own process group: stop() ends the backend and anything it spawned
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        // as `backstage-cli package start` sets them
        NODE_ENV: process.env.NODE_ENV || 'development',
        ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
        FORCE_COLOR: '0',
        ...env,
      },
    },
  );
  fs.closeSync(logFd);

  let exitInfo;
  const exited = new Promise(resolve => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });

  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const killGroup = signal => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  // Last resort when the parent exits without awaiting stop() (uncaught error, process.exit).
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  let stopping;
  // SIGTERM, then SIGKILL after graceMs (a backend still starting up ignores SIGTERM until its
  // plugins have started).
  const stop = ({ graceMs = 15_000 } = {}) => {
    stopping ??= (async () => {
      killGroup('SIGTERM');
      const deadline = Date.now() + graceMs;
      while (groupAlive() && Date.now() < deadline) await sleep(200);
      if (groupAlive()) killGroup('SIGKILL');
      while (groupAlive()) await sleep(100);
      process.removeListener('exit', onExit);
    })();
    return stopping;
  };

  return {
    pid: child.pid,
    port,
    baseUrl: `http://localhost:${port}`,
    logFile,
    exited,
    get exitInfo() {
      return exitInfo;
    },
    readLog: () => fs.readFileSync(logFile, 'utf8').replace(ANSI, ''),
    stop,
  };
}

/** Resolves when readiness answers 200; rejects with the log's first errors at the deadline. */
export async function waitForReady(backend, { timeoutMs = 120_000 } = {}) {
  const url = `http://127.0.0.1:${backend.port}${READINESS_PATH}`;
  const started = Date.now();
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    if (backend.exitInfo) {
      throw new Error(
        `the backend exited (${JSON.stringify(
          backend.exitInfo,
        )}) before it was ready\n` + describeLog(backend),
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return Date.now() - started;
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(500);
  }
  throw new Error(
    `the backend was not ready within ${Math.round(timeoutMs / 1000)} s ` +
      `(last readiness answer: ${last})\n${describeLog(backend)}`,
  );
}

export function describeLog(backend) {
  let text = '';
  try {
    text = backend.readLog();
  } catch {
    return `(no log at ${backend.logFile})`;
  }
  const errors = errorLines(text);
  const body = errors.length
    ? `first error lines of ${backend.logFile}:\n  ${errors.join('\n  ')}`
    : `no error lines in ${backend.logFile}; its last lines:\n  ${text
        .trimEnd()
        .split('\n')
        .slice(-15)
        .join('\n  ')}`;
  return body;
}

/** Calls a backend API with a static external-access token until `check` accepts the JSON. */
export async function pollJson(
  url,
  { token, check, timeoutMs = 60_000, what = url },
) {
  const started = Date.now();
  let last;
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(url, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) {
        const body = await res.json();
        if (check(body)) return body;
        last = `unexpected body: ${JSON.stringify(body).slice(0, 300)}`;
      } else {
        last = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
      }
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(1_000);
  }
  throw new Error(
    `timed out after ${Math.round(
      timeoutMs / 1000,
    )} s waiting for ${what}: ${last}`,
  );
}
