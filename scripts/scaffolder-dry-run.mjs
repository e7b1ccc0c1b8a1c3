#!/usr/bin/env node
// Runs a software template through a Backstage backend's scaffolder dry-run API — what a CI
// pipeline does to check a template change, or to preview what a template would generate — and
// writes the generated files to a folder.
//
//   node scripts/scaffolder-dry-run.mjs --backend http://localhost:7007 --token "$TOKEN" \
//     --template plugins/catalog-backend-module-paved-templates/templates/service/template.yaml --values values.json --out ./preview
//
// --token is a Backstage token: a static external-access token (backend.auth.externalAccess)
// in CI. --values is a JSON or YAML file with the template's parameters. --repeat N runs the dry
// run N times and prints the round-trip times (min, median, max) instead of writing files.
// Exit code 0 when the dry run succeeded, 1 when the backend refused it or a step failed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yaml = require('yaml');

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'http://localhost:7007' },
    token: { type: 'string', default: process.env.BACKSTAGE_TOKEN },
    template: { type: 'string' },
    values: { type: 'string' },
    out: { type: 'string' },
    repeat: { type: 'string', default: '0' },
  },
});
if (!args.template || !args.values) {
  console.error(
    'usage: scaffolder-dry-run.mjs --template FILE --values FILE [--out DIR] [--backend URL] [--token T] [--repeat N]',
  );
  process.exit(2);
}

async function listFiles(dir, base = dir) {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? listFiles(path.join(dir, e.name), base)
        : [path.relative(base, path.join(dir, e.name))],
    ),
  );
  return nested.flat();
}

// The dry-run API takes the template and every file next to it (its skeletons), base64-encoded.
const templateDir = path.dirname(path.resolve(args.template));
const template = yaml.parse(await fs.readFile(args.template, 'utf8'));
const values = yaml.parse(await fs.readFile(args.values, 'utf8'));
// Other templates that share the folder (and its skeletons) stay behind; the chosen one is
// uploaded as template.yaml, where the API expects it.
const chosen = path.basename(args.template);
const isOtherTemplate = file =>
  !file.includes('/') && file.endsWith('.yaml') && file !== chosen;
const directoryContents = await Promise.all(
  (
    await listFiles(templateDir)
  )
    .filter(file => !isOtherTemplate(file))
    .map(async file => ({
      path: file === chosen ? 'template.yaml' : file,
      base64Content: (
        await fs.readFile(path.join(templateDir, file))
      ).toString('base64'),
    })),
);
const body = JSON.stringify({ template, values, directoryContents });

async function dryRun() {
  const response = await fetch(
    `${args.backend.replace(/\/$/, '')}/api/scaffolder/v2/dry-run`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(args.token ? { authorization: `Bearer ${args.token}` } : {}),
      },
      body,
    },
  );
  const result = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, result };
}

const repeat = Number(args.repeat);
if (repeat > 0) {
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    const { ok, status, result } = await dryRun();
    times.push(performance.now() - started);
    if (!ok) {
      console.error(
        `dry run failed (${status}): ${JSON.stringify(result.error ?? result)}`,
      );
      process.exit(1);
    }
  }
  times.sort((a, b) => a - b);
  const ms = t => `${t.toFixed(0)} ms`;
  console.log(
    `dry run of ${template.metadata.name}: ${repeat} runs, min ${ms(
      times[0],
    )}, median ${ms(times[Math.floor(times.length / 2)])}, max ${ms(
      times[times.length - 1],
    )}`,
  );
  process.exit(0);
}

const { ok, status, result } = await dryRun();
for (const entry of result.log ?? []) {
  console.log(`[${entry.body.stepId ?? '-'}] ${entry.body.message}`);
}
if (!ok) {
  console.error(
    `dry run failed (${status}): ${JSON.stringify(
      result.error ?? result.errors ?? result,
      null,
      2,
    )}`,
  );
  process.exit(1);
}
if (args.out) {
  for (const file of result.directoryContents) {
    const target = path.join(args.out, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
  console.log(`wrote ${result.directoryContents.length} files to ${args.out}`);
}
