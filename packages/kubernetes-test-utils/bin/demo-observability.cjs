#!/usr/bin/env node
// The demo cluster's Prometheus and Alertmanager (src/observability/cli.ts); `--help` lists the
// options.
require('./runCli.cjs').runCli('../src/observability/cli.ts');
