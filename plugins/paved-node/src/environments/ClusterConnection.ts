import {
  ApiException,
  createConfiguration,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
} from '@kubernetes/client-node';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** The field manager of every Paved write. @public */
export const PAVED_FIELD_MANAGER = 'paved';

/** Identifies one object: what `read` and `delete` need. @public */
export interface ObjectHeader {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** One object's identity as the plans and logs show it: `Kind namespace/name`. @public */
export function describeObject(object: KubernetesObject | ObjectHeader) {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function statusMessage(body: unknown): string | undefined {
  try {
    const status = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof status?.message === 'string' ? status.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One cluster reached through `@kubernetes/client-node`, with a deadline on every call and
 * errors reworded so that they name the cluster and the call and never carry a credential.
 *
 * @public
 */
export class ClusterConnection {
  readonly name: string;
  readonly #api: KubernetesObjectApi;
  readonly #timeoutMs: number;
  readonly #secrets: string[];

  static fromKubeConfig(
    name: string,
    kubeConfig: KubeConfig,
    options: { timeoutMs: number },
  ): ClusterConnection {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) {
      throw new InputError(`cluster: ${name} has no server`);
    }
    const { timeoutMs } = options;
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kubeConfig },
      promiseMiddleware: [
        {
          pre: async context => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return context;
          },
          post: async response => response,
        },
      ],
    });
    const user = kubeConfig.getCurrentUser();
    const secrets = [user?.token, user?.password, user?.keyData].filter(
      (secret): secret is string => !!secret && secret.length >= 4,
    );
    return new ClusterConnection(
      name,
      new KubernetesObjectApi(configuration),
      timeoutMs,
      secrets,
    );
  }

  private constructor(
    name: string,
    api: KubernetesObjectApi,
    timeoutMs: number,
    secrets: string[],
  ) {
    this.name = name;
    this.#api = api;
    this.#timeoutMs = timeoutMs;
    this.#secrets = secrets;
  }

  /** The object, or undefined when it does not exist. */
  async read(header: ObjectHeader): Promise<KubernetesObject | undefined> {
    try {
      return await this.#call(`read ${describeObject(header)}`, () =>
        this.#api.read(header),
      );
    } catch (error) {
      if (error instanceof NotFoundError) {
        return undefined;
      }
      throw error;
    }
  }

  /** Server-side apply as the `paved` field manager; `dryRun` answers what it would store. */
  async apply(
    object: KubernetesObject,
    options: { dryRun?: boolean } = {},
  ): Promise<KubernetesObject> {
    return this.#call(
      `${options.dryRun ? 'dry-run apply' : 'apply'} ${describeObject(object)}`,
      () =>
        this.#api.patch(
          object,
          undefined,
          options.dryRun ? 'All' : undefined,
          PAVED_FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
    );
  }

  async list(
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<KubernetesObject[]> {
    const where = options.namespace ? ` in ${options.namespace}` : '';
    const list = await this.#call(`list ${kind}${where}`, () =>
      this.#api.list(
        apiVersion,
        kind,
        options.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        options.labelSelector,
      ),
    );
    return list.items.map(item => ({ apiVersion, kind, ...item }));
  }

  /** Deletes the object; one that is already gone counts as deleted. */
  async delete(header: ObjectHeader): Promise<void> {
    try {
      await this.#call(`delete ${describeObject(header)}`, () =>
        this.#api.delete(header),
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        throw error;
      }
    }
  }

  async #call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.#reword(what, error);
    }
  }

  #scrub(text: string): string {
    return this.#secrets.reduce(
      (result, secret) => result.split(secret).join('[redacted]'),
      text,
    );
  }

  #reword(what: string, error: unknown): Error {
    const prefix = `cluster ${this.name}: ${what}`;
    if (error instanceof ApiException) {
      const message = this.#scrub(
        statusMessage(error.body) ?? `HTTP ${error.code}`,
      );
      const text = `${prefix}: ${message}`;
      switch (error.code) {
        case 401:
        case 403:
          return new NotAllowedError(text);
        case 404:
          return new NotFoundError(text);
        case 409:
          return new ConflictError(text);
        case 400:
        case 422:
          return new InputError(text);
        default:
          return new ServiceUnavailableError(text);
      }
    }
    const err = error as Error & { type?: string; code?: string };
    if (err?.name === 'AbortError' || err?.type === 'aborted') {
      return new ServiceUnavailableError(
        `${prefix}: the cluster did not answer within ${
          this.#timeoutMs
        } ms (paved.environments.requestTimeoutMs)`,
      );
    }
    return new ServiceUnavailableError(
      `${prefix}: the cluster cannot be reached (${this.#scrub(
        String(err?.code ?? err?.message ?? error),
      )})`,
    );
  }
}
