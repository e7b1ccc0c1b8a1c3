import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  demoDataset,
  FakeKubernetesServer,
} from '@paved/kubernetes-test-utils';

const TOKEN = 'cli-kubeconfig-token-5d2c';
// The bin is the one users run; resolved from the repository, not from a build.
// eslint-disable-next-line no-restricted-syntax
const BIN = path.resolve(__dirname, '../bin/paved.cjs');

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
  annotations:
    github.com/project-slug: acme/orders-api
spec:
  type: service
  owner: group:default/team-a
`;

function paved(args: string[], cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    resolve => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { cwd },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    },
  );
}

describe('paved env, as a subprocess against the fake cluster', () => {
  let server: FakeKubernetesServer;
  let repo: string;
  beforeAll(async () => {
    server = await FakeKubernetesServer.start({
      objects: demoDataset(),
      users: [{ token: TOKEN, name: 'ci' }],
    });
    repo = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-cli-'));
    await fs.writeFile(path.join(repo, 'catalog-info.yaml'), catalogInfo);
    await fs.writeFile(
      path.join(repo, 'kubeconfig'),
      server.kubeconfigYaml({ name: 'demo' }),
    );
  });
  afterAll(async () => {
    await server.stop();
    await fs.rm(repo, { recursive: true });
  });
  const common = ['--kubeconfig', 'kubeconfig', '--output', 'json'];

  it('provisions from catalog-info.yaml, then converges with zero writes, lists and tears down', async () => {
    const first = await paved(
      [
        'env',
        'provision',
        '--env',
        'pr-9',
        '--cluster',
        'demo',
        '--ttl',
        '72h',
        '--gpu',
        'nvidia.com/gpu=1',
        ...common,
      ],
      repo,
    );
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({
      namespace: 'orders-api-pr-9',
      application: 'orders-api-pr-9',
    });
    expect(result.applied).toHaveLength(9);
    expect(first.stderr).toContain('create: Namespace orders-api-pr-9');
    const app = server.getObject(
      'argoproj.io/v1alpha1',
      'Application',
      'orders-api-pr-9',
      'argocd',
    );
    expect(JSON.stringify(app)).toContain(
      'https://github.com/acme/orders-api.git',
    );

    server.accounting.reset();
    const again = await paved(
      [
        'env',
        'provision',
        '--env',
        'pr-9',
        '--ttl',
        '72h',
        '--gpu',
        'nvidia.com/gpu=1',
        ...common,
      ],
      repo,
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).applied).toEqual([]);
    server.assertNoWrites();

    const list = await paved(['env', 'list', ...common], repo);
    expect(JSON.parse(list.stdout).environments).toEqual([
      expect.objectContaining({
        namespace: 'orders-api-pr-9',
        component: 'orders-api',
      }),
    ]);

    const down = await paved(
      ['env', 'teardown', '--env', 'pr-9', ...common],
      repo,
    );
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout).deleted).toEqual([
      'Application argocd/orders-api-pr-9',
      'Namespace orders-api-pr-9',
    ]);
    expect(
      [first, again, list, down].map(r => r.stdout + r.stderr).join(),
    ).not.toContain(TOKEN);
  });

  it('answers bad input with exit code 2, before any request', async () => {
    server.accounting.reset();
    const bad = await paved(
      ['env', 'provision', '--env', 'pr-9', '--ttl', 'soon', ...common],
      repo,
    );
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.message).toContain(
      "ttl: 'soon' must be a duration",
    );
    expect(bad.stderr).toContain('paved: ttl:');
    const unknown = await paved(
      ['env', 'provision', '--env', 'pr-9', '--cluster', 'nowhere', ...common],
      repo,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "cluster: 'nowhere' is not a configured cluster; the clusters are demo",
    );
    expect(server.accounting.log).toEqual([]);
  });

  it('prints its usage on --help, with exit code 0', async () => {
    const help = await paved(['--help'], repo);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('paved env provision --component C');
    expect((await paved(['env'], repo)).code).toBe(2);
  });

  it('answers a cluster that fails with exit code 1', async () => {
    server.faults.fail(500, { resource: 'namespaces' });
    const failed = await paved(
      ['env', 'provision', '--env', 'pr-10', ...common],
      repo,
    );
    server.faults.clear();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'cluster demo: read Namespace orders-api-pr-10',
    );
  });
});
