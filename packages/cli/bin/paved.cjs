#!/usr/bin/env node
// In the repository the TypeScript sources run as they are, through Backstage's Node transform;
// the published package runs its build.
const fs = require('node:fs');
const path = require('node:path');

const sources = path.resolve(__dirname, '../src');
let main;
if (fs.existsSync(sources)) {
  require('@backstage/cli-node/config/nodeTransform.cjs');
  ({ main } = require('../src/main.ts'));
} else {
  ({ main } = require('..'));
}

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
}).then(code => {
  process.exitCode = code;
});
