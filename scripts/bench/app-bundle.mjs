#!/usr/bin/env node
// Size of the reference app's production bundle (`yarn workspace app build` first):
//
//   node scripts/bench/app-bundle.mjs [marker…]
//
// Prints the gzipped size of every JavaScript file in packages/app/dist/static, the part that
// index.html loads up front (its <script> tags), and for each marker (default: the runtime
// cards' own strings) the chunks that contain it, and whether one of them is loaded up front,
// which would mean the code is not lazy.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { repoRoot } from '../packages/publishable.mjs';

const dist = path.join(repoRoot, 'packages/app/dist');
const staticDir = path.join(dist, 'static');
const markers = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      'Runtime state per environment',
      'Alerting unavailable',
      'plugin.paved-runtime.service',
    ];

if (!fs.existsSync(staticDir)) {
  console.error('packages/app/dist is missing: yarn workspace app build');
  process.exit(1);
}

const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`;
const chunks = fs
  .readdirSync(staticDir)
  .filter(f => f.endsWith('.js'))
  .map(name => {
    const text = fs.readFileSync(path.join(staticDir, name));
    return {
      name,
      text: text.toString('utf8'),
      gzip: zlib.gzipSync(text, { level: 9 }).length,
    };
  });
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = chunks.filter(c => html.includes(`static/${c.name}`));
const total = chunks.reduce((n, c) => n + c.gzip, 0);

console.log(`files: ${chunks.length}`);
console.log(`all JavaScript, gzipped: ${kb(total)} (${total} bytes)`);
console.log(
  `loaded up front (index.html): ${kb(
    initial.reduce((n, c) => n + c.gzip, 0),
  )} in ${initial.length} files`,
);
for (const marker of markers) {
  const holding = chunks.filter(c => c.text.includes(marker));
  const eager = holding.filter(c => initial.includes(c));
  console.log(
    `"${marker}": ${
      holding.map(c => `${c.name} (${kb(c.gzip)})`).join(', ') || 'in no chunk'
    }${eager.length ? ' — LOADED UP FRONT' : holding.length ? ' — lazy' : ''}`,
  );
}
