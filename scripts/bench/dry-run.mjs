#!/usr/bin/env node
// Benchmark: the scaffolder dry run of the `service` template with three environments and every
// option, against the real backend (started here on a free loopback port with a throwaway SQLite
// directory), through the same HTTP API a CI pipeline uses. Prints min, median and max of
// `--runs` round trips after `--warmup` unmeasured ones. Target (docs/measurements.md): < 2 s.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  findFreePort,
  repoRoot,
  startBackend,
  waitForReady,
} from '../lib/backend.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
  },
});

const port = await findFreePort();
const token = crypto.randomBytes(24).toString('hex');
const work = fs.mkdtempSync(path.join(repoRoot, '.paved/bench-'));
const backend = startBackend({
  configs: ['app-config.yaml', 'scripts/e2e/app-config.e2e.yaml'],
  port,
  logFile: path.join(work, 'backend.log'),
  env: {
    PAVED_E2E_PORT: String(port),
    PAVED_E2E_SQLITE_DIR: path.join(work, 'sqlite'),
    PAVED_E2E_TOKEN: token,
  },
});
try {
  await waitForReady(backend);
  const dryRun = extra =>
    spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'scripts/scaffolder-dry-run.mjs'),
        '--backend',
        backend.baseUrl,
        '--token',
        token,
        '--template',
        path.join(
          repoRoot,
          'plugins/catalog-backend-module-paved-templates/templates/service/template.yaml',
        ),
        '--values',
        path.join(repoRoot, 'scripts/bench/service-all-options.yaml'),
        ...extra,
      ],
      { stdio: 'inherit' },
    );
  if (dryRun(['--repeat', args.warmup]).status !== 0) process.exit(1);
  const result = dryRun(['--repeat', args.runs]);
  process.exitCode = result.status ?? 1;
} finally {
  await backend.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
