#!/usr/bin/env node
// Benchmark (issue #13, "Performance"): one entity's runtime state through Paved's
// `GET /api/paved-runtime/v1/entities/component/default/<name>` and, in the same run, through
// upstream's `POST /api/kubernetes/resources/workloads/query`. Three fake clusters (a child
// process, fake-clusters.cjs) answer after `--latency` ms and hold `--components` components'
// Deployments, Pods and HPAs; the real backend (started here on a free loopback port with a
// throwaway SQLite directory) reads them with both plugins. Prints cold latency (of one entity, and
// the median over `--cold-entities` fresh ones), throughput at
// `--clients` concurrent clients, then warm p50/p99 of sequential requests, the answer times while
// one cluster hangs, and two floors: the catalog's entity read and the backend's liveness route.
// Results and targets: docs/benchmarks.md.
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  findFreePort,
  pollJson,
  repoRoot,
  startBackend,
  waitForReady,
} from '../lib/backend.mjs';

const { values: args } = parseArgs({
  options: {
    components: { type: 'string', default: '200' },
    latency: { type: 'string', default: '20' },
    requests: { type: 'string', default: '200' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '5' },
    'timeout-ms': { type: 'string', default: '2000' },
    'hang-cap-ms': { type: 'string', default: '30000' },
    'cold-entities': { type: 'string', default: '11' },
  },
});
const timeoutMs = Number(args['timeout-ms']);
const hangCapMs = Number(args['hang-cap-ms']);

const token = crypto.randomBytes(24).toString('hex');
const kubeToken = crypto.randomBytes(24).toString('hex');
fs.mkdirSync(path.join(repoRoot, '.paved'), { recursive: true });
const work = fs.mkdtempSync(path.join(repoRoot, '.paved/bench-runtime-'));
const entityName = i => `bench-${String(i).padStart(3, '0')}`;

const fakes = fork(
  path.join(repoRoot, 'scripts/bench/fake-clusters.cjs'),
  [args.components, args.latency, kubeToken],
  { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
let backend;
try {
  // Backstage's Node transform also talks over the IPC channel: wait for our message.
  const { clusters } = await new Promise((resolve, reject) => {
    fakes.on('message', message => message?.clusters && resolve(message));
    fakes.once('exit', code =>
      reject(new Error(`fake clusters exited (${code})`)),
    );
  });
  fs.writeFileSync(
    path.join(work, 'entities.yaml'),
    Array.from({ length: Number(args.components) }, (_, i) =>
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: entityName(i),
          annotations: { 'backstage.io/kubernetes-id': entityName(i) },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'bench' },
      }),
    ).join('\n---\n'),
  );
  // JSON is YAML: the overlay on app-config.yaml and the e2e config (port, SQLite, static token).
  fs.writeFileSync(
    path.join(work, 'app-config.bench.yaml'),
    JSON.stringify({
      catalog: {
        locations: [{ type: 'file', target: path.join(work, 'entities.yaml') }],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: clusters.map(({ name, url }) => ({
              name,
              url,
              authProvider: 'serviceAccount',
              serviceAccountToken: kubeToken,
              skipTLSVerify: true,
            })),
          },
        ],
      },
      paved: {
        runtime: {
          timeoutMs,
          clusters: Object.fromEntries(
            clusters.map(({ name, environment }) => [name, { environment }]),
          ),
        },
      },
    }),
  );

  const port = await findFreePort();
  backend = startBackend({
    configs: [
      'app-config.yaml',
      'scripts/e2e/app-config.e2e.yaml',
      path.join(work, 'app-config.bench.yaml'),
    ],
    port,
    logFile: path.join(work, 'backend.log'),
    env: {
      PAVED_E2E_PORT: String(port),
      PAVED_E2E_SQLITE_DIR: path.join(work, 'sqlite'),
      PAVED_E2E_TOKEN: token,
      PAVED_E2E_LOCAL_GIT_DIR: path.join(work, 'git'),
    },
  });
  await waitForReady(backend);
  const last = entityName(Number(args.components) - 1);
  await pollJson(
    `${backend.baseUrl}/api/catalog/entities/by-name/component/default/${last}`,
    { token, check: () => true, timeoutMs: 120_000, what: `entity ${last}` },
  );

  const headers = { authorization: `Bearer ${token}` };
  const endpoints = {
    paved: name => ({
      url: `${backend.baseUrl}/api/paved-runtime/v1/entities/component/default/${name}`,
      init: { headers },
    }),
    upstream: name => ({
      url: `${backend.baseUrl}/api/kubernetes/resources/workloads/query`,
      init: {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ entityRef: `component:default/${name}` }),
      },
    }),
  };
  const call = async (endpoint, name, signal) => {
    const { url, init } = endpoints[endpoint](name);
    const started = performance.now();
    const res = await fetch(url, { ...init, signal });
    const body = await res.text();
    const ms = performance.now() - started;
    if (!res.ok) {
      throw new Error(
        `${endpoint} ${name}: HTTP ${res.status} ${body.slice(0, 300)}`,
      );
    }
    return { ms, body };
  };
  // Both answers must hold every cluster's objects, or the numbers measure an error path.
  const complete = {
    paved: state =>
      state.errors.length === 0 &&
      state.environments.length === clusters.length &&
      state.environments.every(environment => environment.hpas.length === 1),
    upstream: answer =>
      answer.items.length === clusters.length &&
      answer.items.every(
        item =>
          item.errors.length === 0 &&
          item.resources.some(list => list.resources.length > 0),
      ),
  };
  const percentile = (sorted, p) =>
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ];

  // The slowest source: one list of the entity's pods straight from each cluster.
  const sourceMs = [];
  for (const { url } of clusters) {
    const started = performance.now();
    const res = await fetch(
      `${url}/api/v1/pods?labelSelector=${encodeURIComponent(
        `backstage.io/kubernetes-id=${entityName(0)}`,
      )}`,
      { headers: { authorization: `Bearer ${kubeToken}` } },
    );
    await res.text();
    sourceMs.push(performance.now() - started);
  }
  const slowestSourceMs = Math.max(...sourceMs);

  // Warm the backend (JIT, token checks, catalog reads) on another entity, then measure one.
  const target = entityName(0);
  for (const endpoint of Object.keys(endpoints)) {
    await call(endpoint, entityName(1));
  }
  const results = {};
  for (const endpoint of Object.keys(endpoints)) {
    const cold = await call(endpoint, target);
    if (!complete[endpoint](JSON.parse(cold.body))) {
      throw new Error(
        `${endpoint}: incomplete answer ${cold.body.slice(0, 500)}`,
      );
    }
    let done = 0;
    const deadline = performance.now() + Number(args.seconds) * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Number(args.clients) }, async () => {
        while (performance.now() < deadline) {
          await call(endpoint, target);
          done++;
        }
      }),
    );
    const rps = done / ((performance.now() - started) / 1000);
    // Sequential requests after the throughput run, when the JIT has compiled the route's code
    // as it has in a backend that has been serving for a while.
    const warm = [];
    for (let i = 0; i < Number(args.requests); i++) {
      warm.push((await call(endpoint, target)).ms);
    }
    warm.sort((a, b) => a - b);
    results[endpoint] = {
      coldMs: cold.ms,
      bytes: cold.body.length,
      p50: percentile(warm, 50),
      p99: percentile(warm, 99),
      rps,
    };
  }

  // Cold again, on fresh entities one after another (the first cold number is a single sample):
  // bench-003 onwards, nothing of theirs cached; bench-002 is kept for the hang case.
  const coldEntities = Array.from(
    { length: Number(args['cold-entities']) },
    (_, i) => entityName(3 + i),
  );
  for (const endpoint of Object.keys(endpoints)) {
    const times = [];
    for (const name of coldEntities) {
      const { ms, body } = await call(endpoint, name);
      if (!complete[endpoint](JSON.parse(body))) {
        throw new Error(`${endpoint}: incomplete answer ${body.slice(0, 500)}`);
      }
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    results[endpoint].cold = {
      median: percentile(times, 50),
      min: times[0],
      max: times[times.length - 1],
    };
  }

  // The floor under Paved's warm answer: it reads the entity from the catalog on every request,
  // with the caller's credentials.
  const catalogMs = [];
  for (let i = 0; i < Number(args.requests); i++) {
    const started = performance.now();
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/component/default/${target}`,
      { headers },
    );
    await res.text();
    catalogMs.push(performance.now() - started);
  }
  catalogMs.sort((a, b) => a - b);
  // The floor of any answer of this backend: its liveness route (no authentication, no plugin).
  const floorMs = [];
  for (let i = 0; i < Number(args.requests); i++) {
    const started = performance.now();
    const res = await fetch(`${backend.baseUrl}/.backstage/health/v1/liveness`);
    await res.text();
    floorMs.push(performance.now() - started);
  }
  floorMs.sort((a, b) => a - b);

  // One cluster hangs: a fresh entity (nothing cached) through each API.
  fakes.send({ hang: clusters[clusters.length - 1].name });
  const hang = {};
  for (const endpoint of Object.keys(endpoints)) {
    const started = performance.now();
    try {
      const { ms, body } = await call(
        endpoint,
        entityName(2),
        AbortSignal.timeout(hangCapMs),
      );
      const errors = (endpoint === 'paved' ? JSON.parse(body).errors : [])
        .map(error => `${error.source} ${error.cluster} ${error.kind}`)
        .join(', ');
      hang[endpoint] = {
        ms,
        answered: true,
        outcome: `answered${errors ? ` (errors: ${errors})` : ''}`,
      };
    } catch (error) {
      hang[endpoint] = {
        ms: performance.now() - started,
        outcome: error.name === 'TimeoutError' ? 'no answer' : error.message,
      };
    }
  }

  const f = n => n.toFixed(1);
  console.log(
    `\n${args.components} components on ${clusters.length} clusters at ${args.latency} ms ` +
      `latency; slowest source ${f(slowestSourceMs)} ms; ${
        args.requests
      } warm requests; ` +
      `${args.clients} clients for ${args.seconds} s\n`,
  );
  console.log(
    '| API | cold ms | warm p50 ms | warm p99 ms | req/s at ' +
      `${args.clients} clients | answer bytes | one cluster hangs |`,
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [endpoint, r] of Object.entries(results)) {
    const h = hang[endpoint];
    console.log(
      `| ${endpoint} | ${f(r.coldMs)} | ${f(r.p50)} | ${f(r.p99)} | ${f(
        r.rps,
      )} | ${r.bytes} | ` + `${h.outcome} after ${f(h.ms)} ms |`,
    );
  }
  console.log(
    `\ncold, median of ${
      coldEntities.length
    } fresh entities (min–max): ${Object.entries(results)
      .map(
        ([endpoint, { cold }]) =>
          `${endpoint} ${f(cold.median)} ms (${f(cold.min)}–${f(cold.max)})`,
      )
      .join(', ')}`,
  );
  console.log(
    `catalog entity read (GET /api/catalog/entities/by-name/...): warm p50 ` +
      `${f(percentile(catalogMs, 50))} ms, p99 ${f(
        percentile(catalogMs, 99),
      )} ms`,
  );
  console.log(
    `backend floor (GET /.backstage/health/v1/liveness): warm p50 ` +
      `${f(percentile(floorMs, 50))} ms, p99 ${f(percentile(floorMs, 99))} ms`,
  );
  const { paved, upstream } = results;
  const targets = [
    ['warm p50 ≤ 5 ms', paved.p50 <= 5],
    ['warm throughput ≥ 10× upstream', paved.rps >= 10 * upstream.rps],
    [
      'cold ≤ slowest source + 50 ms (first entity)',
      paved.coldMs <= slowestSourceMs + 50,
    ],
    [
      `cold ≤ slowest source + 50 ms (median of ${coldEntities.length})`,
      paved.cold.median <= slowestSourceMs + 50,
    ],
    [
      `a hanging cluster delays nothing past the timeout (${timeoutMs} ms + 50 ms)`,
      hang.paved.answered && hang.paved.ms <= timeoutMs + 50,
    ],
  ];
  console.log('');
  for (const [what, met] of targets)
    console.log(`${met ? 'met    ' : 'NOT met'}  ${what}`);
} finally {
  await backend?.stop();
  fakes.disconnect();
  fs.rmSync(work, { recursive: true, force: true });
}
