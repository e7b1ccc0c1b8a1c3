import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PAVED_RUNTIME_PLUGIN_ID,
  RuntimeState,
  runtimeEntityPath,
} from '@paved/plugin-paved-runtime-common';
import { PavedRuntimeApi } from './PavedRuntimeApi';

/**
 * The HTTP client of the runtime API. Concurrent reads of the same entity (the three cards
 * and the tab of one page refresh together) share one request.
 *
 * @public
 */
export class PavedRuntimeClient implements PavedRuntimeApi {
  static create(deps: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
  }): PavedRuntimeClient {
    return new PavedRuntimeClient(deps.discoveryApi, deps.fetchApi);
  }

  private readonly inFlight = new Map<string, Promise<RuntimeState>>();

  private constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly fetchApi: FetchApi,
  ) {}

  async getRuntimeState(entityRef: CompoundEntityRef): Promise<RuntimeState> {
    const path = runtimeEntityPath(entityRef);
    const pending = this.inFlight.get(path);
    if (pending) {
      return pending;
    }
    const request = this.read(path).finally(() => this.inFlight.delete(path));
    this.inFlight.set(path, request);
    return request;
  }

  private async read(path: string): Promise<RuntimeState> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PAVED_RUNTIME_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as RuntimeState;
  }
}
