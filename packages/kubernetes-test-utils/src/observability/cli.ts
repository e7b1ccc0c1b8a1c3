import { parseArgs } from 'node:util';
import { demoDataset } from '../demo/demoDataset';
import {
  DemoObservability,
  observabilityInstalled,
  startDemoObservability,
} from './demoObservability';

const USAGE = `Usage: paved-demo-observability [options]

Starts real Prometheus and Alertmanager (Debian packages prometheus, prometheus-alertmanager) on
loopback for the demo cluster: DEMO DCGM and kube-state-metrics series of the demo dataset's pods
and HPAs, and DEMO alerts (one silenced). Prints one line and exits 0 when the binaries are not
installed. Stops both on SIGINT or SIGTERM.

  --prometheus-port N    (default 6445)
  --alertmanager-port N  (default 6446)
  --help                 show this text
`;

function port(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new Error(`--${name} must be a port number, got ${value}`);
  }
  return n;
}

/** Runs the CLI; resolves with what it started, or undefined when it started nothing. */
export async function main(
  argv: string[],
): Promise<DemoObservability | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'prometheus-port': { type: 'string', default: '6445' },
      'alertmanager-port': { type: 'string', default: '6446' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return undefined;
  }
  if (!observabilityInstalled()) {
    process.stderr.write(
      'demo Prometheus/Alertmanager not started: install the Debian packages prometheus and prometheus-alertmanager to see GPU figures, replica history and alerts in the demo\n',
    );
    return undefined;
  }
  const started = await startDemoObservability(demoDataset(), {
    prometheus: port(values['prometheus-port'], 'prometheus-port'),
    alertmanager: port(values['alertmanager-port'], 'alertmanager-port'),
  });
  process.stderr.write(
    `DEMO Prometheus at ${started.prometheus.url}, DEMO Alertmanager at ${started.alertmanager.url}\n`,
  );
  return started;
}
