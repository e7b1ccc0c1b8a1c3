#!/usr/bin/env node
// Runs the TypeScript sources as they are, with no build step, through Backstage's Node transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { main } = require('../src/main.ts');

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
}).then(code => {
  process.exitCode = code;
});
