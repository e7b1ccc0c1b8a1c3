#!/usr/bin/env node
// The fake Kubernetes API server (src/cli.ts); `--help` lists the options.
require('./runCli.cjs').runCli('../src/cli.ts');
