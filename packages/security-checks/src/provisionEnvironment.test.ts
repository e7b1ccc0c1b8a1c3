import { FakeKubernetesServer } from '@paved/kubernetes-test-utils';
import { PortalBackend } from 'template-checks';
import {
  scaffold,
  serviceParameters,
  startSecurityPortal,
  USERS,
} from './SecurityPortal';

const TOKEN = 'security-checks-cluster-token';

describe('provisioning environments: who may, through the real scaffolder and policy', () => {
  let portal: PortalBackend;
  let cluster: FakeKubernetesServer;

  beforeAll(async () => {
    cluster = await FakeKubernetesServer.start({
      objects: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: argocd}',
      users: [{ token: TOKEN, name: 'paved' }],
    });
    portal = await startSecurityPortal({
      config: {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [cluster.backstageCluster({ name: 'demo' })],
            },
          ],
        },
      },
    });
    await scaffold(
      portal.as(USERS.alice),
      serviceParameters('alpha', 'group:default/team-a'),
    );
  });
  afterAll(async () => {
    await portal?.stop();
    await cluster?.stop();
  });

  async function provision(user: string, environment: string) {
    const { taskId, body } = await portal
      .as(user)
      .createTask('template:default/provision-environment', {
        component: 'component:default/alpha',
        environment,
        cluster: 'demo',
        ttl: '24h',
        gpus: 0,
        wait: false,
      });
    if (!taskId) throw new Error(JSON.stringify(body));
    const result = await portal.as(user).waitForTask(taskId);
    return { status: result.status, log: result.log.join('\n') };
  }

  it('lets bob (another team) provision nothing, before any write', async () => {
    cluster.accounting.reset();
    const byOtherTeam = await provision(USERS.bob, 'pr-1');
    expect(byOtherTeam.status).toBe('failed');
    expect(byOtherTeam.log).toContain(
      'user:default/bob may not provision pr-1 of component:default/alpha',
    );
    expect(cluster.accounting.log).toEqual([]);
  });

  it('lets alice (an owner) plan and provision, and a second run writes nothing', async () => {
    const first = await provision(USERS.alice, 'pr-1');
    expect(first).toMatchObject({ status: 'completed' });
    expect(first.log).toContain('create: Namespace alpha-pr-1');
    const ns = cluster.getObject('v1', 'Namespace', 'alpha-pr-1');
    expect(ns?.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'paved',
      'paved.dev/owner': 'team-a',
    });
    cluster.accounting.reset();
    const second = await provision(USERS.alice, 'pr-1');
    expect(second.status).toBe('completed');
    cluster.assertNoWrites();
    expect(second.log).not.toContain(TOKEN);
  });

  it('keeps production to those with the production permission', async () => {
    const byOtherTeam = await provision(USERS.bob, 'prod');
    expect(byOtherTeam.log).toContain('paved.environment.provision.production');
  });
});
