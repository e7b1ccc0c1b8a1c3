#!/usr/bin/env node
// Runs the TypeScript sources as they are, with no build step, through Backstage's Node transform
// (the same one `backstage-cli package start` uses for backends).
require('@backstage/cli-node/config/nodeTransform.cjs');
const { main } = require('../src/cli.ts');

main(process.argv.slice(2)).then(
  server => {
    if (!server) return;
    const stop = () => server.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  error => {
    process.stderr.write(`${error.message ?? error}\n`);
    process.exit(1);
  },
);
