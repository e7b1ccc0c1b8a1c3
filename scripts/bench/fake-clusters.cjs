// Child process of runtime.mjs: the benchmark's fake Kubernetes clusters, kept out of the
// measuring process so the load generator does not slow their answers. Started with fork(); sends
// `{ clusters: [{ name, url, environment }] }` once they listen, then obeys `{ hang: name }`.
const path = require('node:path');
const { createRequire } = require('node:module');

const testUtils = path.resolve(
  __dirname,
  '../../packages/kubernetes-test-utils',
);
createRequire(path.join(testUtils, 'package.json'))(
  '@backstage/cli-node/config/nodeTransform.cjs',
);
const { FakeKubernetesServer } = require(path.join(testUtils, 'src/index.ts'));

const [components, latencyMs, token] = process.argv.slice(2);
const ENVIRONMENTS = ['dev', 'staging', 'prod'];

function objectsFor(environment) {
  const namespace = `bench-${environment}`;
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { 'paved.dev/environment': environment },
      },
    },
  ];
  for (let i = 0; i < Number(components); i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    const labels = { 'backstage.io/kubernetes-id': name, app: name };
    const meta = { namespace, labels };
    const container = { name: 'app', image: `registry.example.com/${name}:1` };
    objects.push(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, ...meta },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels }, spec: { containers: [container] } },
        },
        status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 },
      },
      ...[0, 1].map(p => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${p}`, ...meta },
        spec: { containers: [container] },
        status: { phase: 'Running' },
      })),
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, ...meta },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 2,
          maxReplicas: 10,
        },
      },
    );
  }
  return objects;
}

async function main() {
  const servers = new Map();
  for (const environment of ENVIRONMENTS) {
    const server = await FakeKubernetesServer.start({
      users: [{ token, name: 'bench' }],
      objects: objectsFor(environment),
    });
    server.faults.latency(Number(latencyMs));
    servers.set(`bench-${environment}`, { server, environment });
  }
  process.on('message', message => {
    if (message.hang) servers.get(message.hang).server.faults.hang();
  });
  process.on('disconnect', async () => {
    for (const { server } of servers.values()) await server.stop();
    process.exit(0);
  });
  process.send({
    clusters: [...servers].map(([name, { server, environment }]) => ({
      name,
      url: server.url,
      environment,
    })),
  });
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
