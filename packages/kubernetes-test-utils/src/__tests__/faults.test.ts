import { request as httpRequest } from 'node:http';
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import { clientTimeout } from '../clientTimeout';
import { FakeKubernetesServer } from '../server/FakeKubernetesServer';
import { statusOf } from './statusOf';

async function elapsed(call: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await call().catch(() => undefined);
  return Date.now() - started;
}

describe('injected faults', () => {
  let server: FakeKubernetesServer;
  let core: CoreV1Api;
  beforeEach(async () => {
    server = await FakeKubernetesServer.start();
    core = server.kubeConfig().makeApiClient(CoreV1Api);
  });
  afterEach(() => server.stop());

  it('delays the matching requests only', async () => {
    server.faults.latency(400, { resource: 'pods' });
    expect(
      await elapsed(() => core.listNamespacedPod({ namespace: 'default' })),
    ).toBeGreaterThanOrEqual(390);
    expect(await elapsed(() => core.listNamespace())).toBeLessThan(300);
    expect(server.accounting.log.map(entry => entry.fault)).toEqual([
      'latency',
      undefined,
    ]);
  });

  it('answers 500 and 429 with Status bodies, for as many requests as asked', async () => {
    server.faults.add({
      respond: { code: 500 },
      match: { verb: 'list' },
      times: 1,
    });
    const failed = await statusOf(core.listNamespace());
    expect(failed).toMatchObject({
      code: 500,
      body: {
        kind: 'Status',
        status: 'Failure',
        reason: 'InternalError',
        message: 'Internal error occurred: injected failure',
      },
    });
    await expect(core.listNamespace()).resolves.toBeDefined();

    server.faults.throttle(3, { resource: 'namespaces' });
    const throttled = await core
      .listNamespace()
      .catch(error => error as ApiException<string>);
    expect(throttled).toBeInstanceOf(ApiException);
    expect((throttled as ApiException<string>).code).toBe(429);
    expect((throttled as ApiException<string>).headers['retry-after']).toBe(
      '3',
    );
    expect(server.accounting.reads).toHaveLength(1);
  });

  it('hangs until the client gives up, and resets connections', async () => {
    const hang = server.faults.hang({
      path: '/api/v1/namespaces/default/pods',
    });
    const waited = await elapsed(() =>
      expect(
        core.listNamespacedPod({ namespace: 'default' }, clientTimeout(300)),
      ).rejects.toThrow(/abort/i),
    );
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(3000);
    expect(hang.hits).toBe(1);
    hang.remove();
    await expect(
      core.listNamespacedPod({ namespace: 'default' }),
    ).resolves.toBeDefined();

    server.faults.reset({ verb: 'get' });
    await expect(core.readNamespace({ name: 'default' })).rejects.toThrow(
      /ECONNRESET|socket hang up/,
    );
    expect(server.accounting.log.at(-1)?.fault).toBe('reset');
    expect(server.accounting.log.at(-1)?.status).toBeUndefined();
  });

  it('stops promptly while requests hang, closing their connections', async () => {
    server.faults.hang();
    const hungRequest = new Promise<string>(resolve => {
      const request = httpRequest(`${server.url}/api/v1/pods`, response =>
        resolve(`answered ${response.statusCode}`),
      );
      request.on('error', error =>
        resolve((error as NodeJS.ErrnoException).code ?? error.message),
      );
      request.end();
    });
    const delayed = core.listNamespace().catch(error => error);
    await new Promise(resolve => setTimeout(resolve, 100));
    const stopping = await elapsed(() => server.stop());
    expect(stopping).toBeLessThan(1000);
    expect(await hungRequest).toBe('ECONNRESET');
    expect(await delayed).toBeInstanceOf(Error);
  });
});
