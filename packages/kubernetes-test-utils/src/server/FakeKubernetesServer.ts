import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiContext, withTypeMeta } from '../api/ApiRequest';
import { KindDefinition, KubeObject } from '../kinds/KindDefinition';
import { KindRegistry } from '../kinds/KindRegistry';
import {
  kubeconfigText,
  KubeConfigOptions,
  makeKubeConfig,
} from '../kubeconfig';
import { ObjectStore } from '../ObjectStore';
import { ManifestInput, seedObjects, SeedOptions } from '../seeding';
import { Authenticator, FakeUser } from './auth';
import { ServerVersion } from './discovery';
import { FaultInjector } from './faults';
import { handleHttpRequest } from './handleHttpRequest';
import { RequestAccounting } from './RequestAccounting';

export interface FakeKubernetesServerOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** When given, every request needs one of these bearer tokens (401 otherwise). */
  users?: FakeUser[];
  /** Kinds to serve besides the built-in ones (custom resources). */
  kinds?: KindDefinition[];
  /** Objects to store before the server answers its first request. */
  objects?: ManifestInput;
  /** What `/version` reports (default 1.34). */
  version?: ServerVersion;
}

// Every cluster has these; a fake without them would let code depend on their absence.
const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/**
 * An in-process Kubernetes API server over real HTTP on a free loopback port, with an in-memory
 * store, server-side apply, auth, fault injection and request accounting, for tests and demos.
 */
export class FakeKubernetesServer {
  /** Latency, error answers, hangs and connection resets for the requests a test chooses. */
  readonly faults = new FaultInjector();
  /** The request log and read/write counts. */
  readonly accounting = new RequestAccounting();
  private readonly context: ApiContext;
  private readonly auth: Authenticator;
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = false;
  private baseUrl = '';

  private constructor(
    private readonly server: Server,
    options: FakeKubernetesServerOptions,
  ) {
    this.context = {
      store: new ObjectStore(),
      registry: new KindRegistry(options.kinds),
    };
    this.auth = new Authenticator(options.users);
    seedObjects(
      this.context,
      SYSTEM_NAMESPACES.map(name => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      })),
    );
    if (options.objects) this.load(options.objects);
    const version = options.version ?? { major: '1', minor: '34' };
    server.on('connection', socket => {
      this.accepted++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request, response) => {
      handleHttpRequest(
        {
          context: this.context,
          auth: this.auth,
          faults: this.faults,
          accounting: this.accounting,
          version,
          serverAddress: () => new URL(this.url).host,
          delay: ms => this.delay(ms),
          park: parked => this.park(parked),
        },
        request,
        response,
      ).catch(() => response.destroy());
    });
  }

  /** Starts a server and resolves once it listens. */
  static async start(
    options: FakeKubernetesServerOptions = {},
  ): Promise<FakeKubernetesServer> {
    const server = createServer();
    const fake = new FakeKubernetesServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { address, port } = server.address() as AddressInfo;
    fake.baseUrl = `http://${
      address.includes(':') ? `[${address}]` : address
    }:${port}`;
    return fake;
  }

  /** Base URL, e.g. `http://127.0.0.1:41234` (still known after `stop()`). */
  /** How many TCP connections clients have opened so far (keep-alive reuse shows here). */
  get connectionsAccepted(): number {
    return this.accepted;
  }

  get url(): string {
    return this.baseUrl;
  }

  /** A KubeConfig for `@kubernetes/client-node` pointing at this server. */
  kubeConfig(options: KubeConfigOptions = {}): KubeConfig {
    return makeKubeConfig(this.kubeConfigParts(options));
  }

  /** The same as kubeconfig YAML, for `kubectl`, `helm` or a subprocess (`KUBECONFIG`). */
  kubeconfigYaml(options: KubeConfigOptions = {}): string {
    return kubeconfigText(this.kubeConfigParts(options));
  }

  /**
   * The `kubernetes.clusterLocatorMethods` entry Backstage's Kubernetes plugin (and Paved) read
   * for this server, as a cluster named `name` (default `fake`) with a service-account token.
   */
  backstageCluster(options: KubeConfigOptions = {}) {
    const parts = this.kubeConfigParts(options);
    return {
      name: parts.name,
      url: parts.server,
      authProvider: 'serviceAccount',
      serviceAccountToken: parts.token,
      skipTLSVerify: true,
    };
  }

  private kubeConfigParts(options: KubeConfigOptions) {
    return {
      name: options.name ?? 'fake',
      server: this.url,
      token: options.token ?? this.auth.firstToken,
      namespace: options.namespace,
    };
  }

  /** Serves another kind (a CRD's); creating a CustomResourceDefinition object does the same. */
  registerKind(definition: KindDefinition): void {
    this.context.registry.register(definition);
  }

  /** Stores manifests (YAML/JSON text, multi-document, or objects) without going through the API. */
  load(input: ManifestInput, options?: SeedOptions): KubeObject[] {
    return seedObjects(this.context, input, options);
  }

  /** The stored object, read without a request (not counted), or undefined. */
  getObject(
    apiVersion: string,
    kind: string,
    name: string,
    namespace = '',
  ): KubeObject | undefined {
    const definition = this.definition(apiVersion, kind);
    const object = this.context.store.get(
      definition,
      definition.namespaced ? namespace : '',
      name,
    );
    return object && withTypeMeta(object, definition);
  }

  /** Stored objects of a kind, in one namespace or all (not counted). */
  listObjects(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): KubeObject[] {
    const definition = this.definition(apiVersion, kind);
    return this.context.store
      .list(definition, definition.namespaced ? namespace : undefined)
      .map(object => withTypeMeta(object, definition));
  }

  /** Throws, listing them, when a request since the last `accounting.reset()` changed anything. */
  assertNoWrites(): void {
    this.accounting.assertNoWrites();
  }

  /** Closes the listener and every connection, hung ones included. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.timers.forEach(timer => clearTimeout(timer));
    this.timers.clear();
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    this.sockets.forEach(socket => socket.destroy());
    this.server.closeAllConnections();
    await closed;
  }

  private definition(apiVersion: string, kind: string): KindDefinition {
    const definition = this.context.registry.byKind(apiVersion, kind);
    if (!definition)
      throw new Error(`no kind ${kind} in ${apiVersion} is served`);
    return definition;
  }

  private delay(ms: number): Promise<void> {
    return new Promise(resolve => {
      if (this.stopping) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private park(request: IncomingMessage): void {
    if (this.stopping) request.socket.destroy();
  }
}
