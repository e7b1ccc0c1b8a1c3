import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoDataset } from './demo/demoDataset';
import { FakeKubernetesServer } from './server/FakeKubernetesServer';

const USAGE = `Usage: paved-fake-kube [options]

Starts the fake Kubernetes API server, by default with the demo dataset, and prints its URL on
the first line of standard output. Stops on SIGINT or SIGTERM.

  --port N           port to listen on (default 0: any free port)
  --host ADDRESS     interface to listen on (default 127.0.0.1)
  --token TOKEN      require this bearer token (default: no authentication)
  --empty            start without the demo dataset
  --file PATH        also load the manifests in PATH (YAML or JSON; repeatable)
  --kubeconfig PATH  write a kubeconfig for the server to PATH
  --latency MS       delay every answer by MS milliseconds
  --help             show this text
`;

/** Runs the CLI; resolves with the started server (tests stop it themselves). */
export async function main(
  argv: string[],
): Promise<FakeKubernetesServer | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      empty: { type: 'boolean', default: false },
      file: { type: 'string', multiple: true, default: [] },
      kubeconfig: { type: 'string' },
      latency: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got ${values.port}`);
  }
  const server = await FakeKubernetesServer.start({
    host: values.host,
    port,
    users: values.token
      ? [{ token: values.token, name: 'demo-admin' }]
      : undefined,
    objects: values.empty ? undefined : demoDataset(),
  });
  for (const file of values.file ?? []) {
    server.load(readFileSync(file, 'utf8'));
  }
  if (values.latency) server.faults.latency(Number(values.latency));
  if (values.kubeconfig)
    writeFileSync(values.kubeconfig, server.kubeconfigYaml(), { mode: 0o600 });
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(
    `fake Kubernetes API server at ${server.url}${
      values.empty ? '' : ' with the demo dataset'
    }${
      values.kubeconfig ? `; kubeconfig written to ${values.kubeconfig}` : ''
    }\n`,
  );
  return server;
}
