import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { fullState } from '../__fixtures__/runtimeState';
import { PavedRuntimeClient } from './PavedRuntimeClient';

const baseUrl = 'http://backstage.test/api/paved-runtime';

describe('PavedRuntimeClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = PavedRuntimeClient.create({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
    },
    fetchApi: new MockFetchApi(),
  });

  it('reads the entity path of the runtime API, one request for concurrent reads', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name`,
        ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json(fullState);
        },
      ),
    );
    const ref = {
      kind: 'Component',
      namespace: 'default',
      name: 'vision-inference',
    };
    const [a, b] = await Promise.all([
      client.getRuntimeState(ref),
      client.getRuntimeState(ref),
    ]);
    expect(a).toEqual(fullState);
    expect(b).toBe(a);
    expect(seen).toEqual([
      '/api/paved-runtime/v1/entities/Component/default/vision-inference',
    ]);
  });

  it('hands an answer to reads within answerReuseMs, then reads again', async () => {
    let requests = 0;
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () => {
        requests += 1;
        return HttpResponse.json({ ...fullState, generatedAt: `${requests}` });
      }),
    );
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const reusing = PavedRuntimeClient.create({
        discoveryApi: {
          getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
        },
        fetchApi: new MockFetchApi(),
        answerReuseMs: 3000,
      });
      const ref = { kind: 'Component', namespace: 'default', name: 'reuse' };
      const prefetched = await reusing.getRuntimeState(ref);
      now.mockReturnValue(1_002_999);
      expect(await reusing.getRuntimeState(ref)).toBe(prefetched);
      expect(requests).toBe(1);
      now.mockReturnValue(1_003_000);
      const refreshed = await reusing.getRuntimeState(ref);
      expect(refreshed.generatedAt).toBe('2');
      expect(requests).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it('does not keep a failed read: the next read asks again', async () => {
    let requests = 0;
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () => {
        requests += 1;
        return requests === 1
          ? HttpResponse.json({ error: { message: 'boom' } }, { status: 503 })
          : HttpResponse.json(fullState);
      }),
    );
    const ref = { kind: 'Component', namespace: 'default', name: 'flaky' };
    await expect(client.getRuntimeState(ref)).rejects.toMatchObject({
      statusCode: 503,
    });
    await expect(client.getRuntimeState(ref)).resolves.toEqual(fullState);
    expect(requests).toBe(2);
  });

  it('throws a ResponseError with the backend error', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no such entity' } },
          { status: 404 },
        ),
      ),
    );
    await expect(
      client.getRuntimeState({
        kind: 'Component',
        namespace: 'default',
        name: 'gone',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
  });
});
