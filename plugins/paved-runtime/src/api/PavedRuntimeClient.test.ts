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
    await client.getRuntimeState(ref);
    expect(seen).toHaveLength(2);
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
