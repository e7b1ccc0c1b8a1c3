import {
  ApiException,
  CoreV1Api,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1ResourceQuota,
  V1RoleBinding,
} from '@kubernetes/client-node';
import {
  FakeKubernetesServer,
  FakeKubernetesServerOptions,
} from '../server/FakeKubernetesServer';

/** A fresh server per test, with a CoreV1Api client for it. */
export function useServerWithCoreApi(options?: FakeKubernetesServerOptions) {
  const fixture = {} as { server: FakeKubernetesServer; core: CoreV1Api };
  beforeEach(async () => {
    fixture.server = await FakeKubernetesServer.start(options);
    fixture.core = fixture.server.kubeConfig().makeApiClient(CoreV1Api);
  });
  afterEach(() => fixture.server.stop());
  return fixture;
}

/** The RoleBinding an environment gives its owning team: `edit` for product-team. */
export const teamEditBinding = (name: string): V1RoleBinding => ({
  metadata: { name },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'edit',
  },
  subjects: [
    {
      kind: 'Group',
      name: 'product-team',
      apiGroup: 'rbac.authorization.k8s.io',
    },
  ],
});

/** A GPU ResourceQuota in `default`, as the provisioning actions will apply one. */
export const gpuQuota = (hard: Record<string, string>): V1ResourceQuota => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: {
    name: 'gpu',
    namespace: 'default',
    labels: { 'paved.dev/environment': 'dev' },
  },
  spec: { hard },
});

/** A fresh server per test, a KubernetesObjectApi for it, and server-side apply through that. */
export function useServerWithObjectApi() {
  const fixture = {} as {
    server: FakeKubernetesServer;
    objects: KubernetesObjectApi;
    apply: (
      spec: KubernetesObject,
      manager?: string,
      force?: boolean,
      dryRun?: string,
    ) => Promise<KubernetesObject>;
  };
  beforeEach(async () => {
    fixture.server = await FakeKubernetesServer.start();
    const objects = KubernetesObjectApi.makeApiClient(
      fixture.server.kubeConfig(),
    );
    fixture.objects = objects;
    fixture.apply = (spec, manager, force, dryRun) =>
      objects.patch(
        spec,
        undefined,
        dryRun,
        manager,
        force,
        PatchStrategy.ServerSideApply,
      );
  });
  afterEach(() => fixture.server.stop());
  return fixture;
}

/** The HTTP code and parsed `Status` body a rejected client call carried. */
export async function statusOf(
  call: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) {
      return {
        code: error.code,
        body:
          typeof error.body === 'string' ? JSON.parse(error.body) : error.body,
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}
