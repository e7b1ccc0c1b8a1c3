import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PAVED_RUNTIME_PLUGIN_ID,
  RuntimeState,
  runtimeEntityPath,
} from '@paved/plugin-paved-runtime-common';
import { PavedRuntimeApi } from './PavedRuntimeApi';

/** How long an answer is handed to further reads of the same entity without a new request. */
const DEFAULT_ANSWER_REUSE_MS = 3000;

/**
 * The HTTP client of the runtime API. Reads of the same entity share one request while it runs
 * and its answer for `answerReuseMs` afterwards: the three cards and the tab of one page, and the
 * read an entity page starts before the cards' code has loaded, cost one request.
 *
 * @public
 */
export class PavedRuntimeClient implements PavedRuntimeApi {
  static create(deps: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    answerReuseMs?: number;
  }): PavedRuntimeClient {
    return new PavedRuntimeClient(
      deps.discoveryApi,
      deps.fetchApi,
      deps.answerReuseMs ?? DEFAULT_ANSWER_REUSE_MS,
    );
  }

  private readonly reads = new Map<
    string,
    { request: Promise<RuntimeState>; answeredAt?: number }
  >();

  private constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly fetchApi: FetchApi,
    private readonly answerReuseMs: number,
  ) {}

  async getRuntimeState(entityRef: CompoundEntityRef): Promise<RuntimeState> {
    const path = runtimeEntityPath(entityRef);
    const last = this.reads.get(path);
    if (
      last &&
      (last.answeredAt === undefined ||
        Date.now() - last.answeredAt < this.answerReuseMs)
    ) {
      return last.request;
    }
    const read = { request: this.read(path) } as {
      request: Promise<RuntimeState>;
      answeredAt?: number;
    };
    this.reads.set(path, read);
    read.request.then(
      () => {
        read.answeredAt = Date.now();
      },
      () => {
        if (this.reads.get(path) === read) this.reads.delete(path);
      },
    );
    return read.request;
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
