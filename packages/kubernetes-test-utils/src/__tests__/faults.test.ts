import { request as httpRequest } from 'node:http';
import { ApiException } from '@kubernetes/client-node';
import { abortAfter } from '@paved/plugin-paved-node';
import { eventually } from '../eventually';
import { statusOf, useServerWithCoreApi } from './testing';

async function elapsed(call: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await call().catch(() => undefined);
  return Date.now() - started;
}

describe('injected faults', () => {
  const fixture = useServerWithCoreApi();

  it('delays the matching requests only', async () => {
    fixture.server.faults.latency(400, { resource: 'pods' });
    expect(
      await elapsed(() =>
        fixture.core.listNamespacedPod({ namespace: 'default' }),
      ),
    ).toBeGreaterThanOrEqual(390);
    expect(await elapsed(() => fixture.core.listNamespace())).toBeLessThan(300);
    expect(fixture.server.accounting.log.map(entry => entry.fault)).toEqual([
      'latency',
      undefined,
    ]);
  });

  it('holds the matching requests until released, and lets the others through', async () => {
    const held = fixture.server.faults.hold({ resource: 'pods' });
    let podsAnswered = false;
    const pods = fixture.core
      .listNamespacedPod({ namespace: 'default' })
      .then(() => {
        podsAnswered = true;
      });
    await eventually(
      'the pods request at the gate',
      async () => held.arrived === 1 || undefined,
      { timeoutMs: 10_000, intervalMs: 10 },
    );
    await fixture.core.listNamespace();
    expect(podsAnswered).toBe(false);
    expect(fixture.server.accounting.log.map(entry => entry.resource)).toEqual([
      'namespaces',
    ]);
    held.release();
    await pods;
    expect(podsAnswered).toBe(true);
    expect(held.hits).toBe(1);
  });

  it('records when each request was received and answered', async () => {
    fixture.server.faults.latency(100, { resource: 'pods' });
    await Promise.all([
      fixture.core.listNamespacedPod({ namespace: 'default' }),
      fixture.core.listNamespace(),
    ]);
    const [namespaces, pods] = [...fixture.server.accounting.log].sort(
      (a, b) => a.answeredAt! - b.answeredAt!,
    );
    expect(pods.resource).toBe('pods');
    expect(pods.answeredAt! - pods.receivedAt).toBeGreaterThanOrEqual(95);
    // Sent together, so both arrived before either was answered.
    expect(pods.receivedAt).toBeLessThan(namespaces.answeredAt!);
    expect(namespaces.receivedAt).toBeLessThanOrEqual(namespaces.answeredAt!);
  });

  it('answers 500 and 429 with Status bodies, for as many requests as asked', async () => {
    fixture.server.faults.add({
      respond: { code: 500 },
      match: { verb: 'list' },
      times: 1,
    });
    const failed = await statusOf(fixture.core.listNamespace());
    expect(failed).toMatchObject({
      code: 500,
      body: {
        kind: 'Status',
        status: 'Failure',
        reason: 'InternalError',
        message: 'Internal error occurred: injected failure',
      },
    });
    await expect(fixture.core.listNamespace()).resolves.toBeDefined();

    fixture.server.faults.throttle(3, { resource: 'namespaces' });
    const throttled = await fixture.core
      .listNamespace()
      .catch(error => error as ApiException<string>);
    expect(throttled).toBeInstanceOf(ApiException);
    expect((throttled as ApiException<string>).code).toBe(429);
    expect((throttled as ApiException<string>).headers['retry-after']).toBe(
      '3',
    );
    expect(fixture.server.accounting.reads).toHaveLength(1);
  });

  it('hangs until the client gives up, and resets connections', async () => {
    const hang = fixture.server.faults.hang({
      path: '/api/v1/namespaces/default/pods',
    });
    const waited = await elapsed(() =>
      expect(
        fixture.core.listNamespacedPod(
          { namespace: 'default' },
          abortAfter(300),
        ),
      ).rejects.toThrow(/abort/i),
    );
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(3000);
    expect(hang.hits).toBe(1);
    hang.remove();
    await expect(
      fixture.core.listNamespacedPod({ namespace: 'default' }),
    ).resolves.toBeDefined();

    fixture.server.faults.reset({ verb: 'get' });
    await expect(
      fixture.core.readNamespace({ name: 'default' }),
    ).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(fixture.server.accounting.log.at(-1)?.fault).toBe('reset');
    expect(fixture.server.accounting.log.at(-1)?.status).toBeUndefined();
  });

  it('stops promptly while requests hang, closing their connections', async () => {
    fixture.server.faults.hang();
    const hungRequest = new Promise<string>(resolve => {
      const request = httpRequest(
        `${fixture.server.url}/api/v1/pods`,
        response => resolve(`answered ${response.statusCode}`),
      );
      request.on('error', error =>
        resolve((error as NodeJS.ErrnoException).code ?? error.message),
      );
      request.end();
    });
    const delayed = fixture.core.listNamespace().catch(error => error);
    await new Promise(resolve => setTimeout(resolve, 100));
    const stopping = await elapsed(() => fixture.server.stop());
    expect(stopping).toBeLessThan(1000);
    expect(await hungRequest).toBe('ECONNRESET');
    expect(await delayed).toBeInstanceOf(Error);
    // A stopped server is a cluster that is down: connections are refused.
    await expect(fixture.core.listNamespace()).rejects.toThrow(/ECONNREFUSED/);
  });
});
