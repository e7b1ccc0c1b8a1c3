#!/usr/bin/env node
// Runs the TypeScript sources as they are, like fake-kube.cjs: the demo cluster's Prometheus and
// Alertmanager (see src/observability/cli.ts).
require('@backstage/cli-node/config/nodeTransform.cjs');
const { main } = require('../src/observability/cli.ts');

main(process.argv.slice(2)).then(
  started => {
    if (!started) return;
    const stop = () => started.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  error => {
    process.stderr.write(`${error.message ?? error}\n`);
    process.exit(1);
  },
);
