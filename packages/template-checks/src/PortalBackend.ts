import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { eventually } from '@paved/kubernetes-test-utils';
import catalogModulePavedTemplates from '@paved/plugin-catalog-backend-module-paved-templates';
import pavedScaffolderFeatures from '@paved/plugin-scaffolder-backend-module-paved';
import request from 'supertest';
import { PLATFORM_TEMPLATES } from './TemplateDryRunner';

/** How a scaffolder task ended. */
export interface TaskResult {
  status: string;
  log: string[];
  output?: Record<string, unknown>;
}

/** Options for {@link PortalBackend.start}. */
export interface PortalBackendOptions {
  /** Configures a github.com integration with this token, as the GitHub publish targets need. */
  githubToken?: string;
  /** More backend features, such as the permission backend. */
  features?: BackendFeature[];
  /** More app-config, merged over the portal's. */
  config?: Record<string, unknown>;
  /** More catalog locations (files), with the kinds they may hold. */
  locations?: Array<{ target: string; allow: string[] }>;
  /** Who the portal's requests come from. Default: `user:default/guest`. */
  user?: string;
}

/**
 * A real catalog and scaffolder with the Paved module, the templates registered by the templates
 * module as the reference app does, and local git publishing into a temp directory: what a user
 * gets when they press Create.
 */
export class PortalBackend {
  readonly gitDirectory: string;
  readonly #server: Parameters<typeof request>[0];
  readonly #stop: () => Promise<void>;
  readonly #auth: string;

  static async start(
    options: PortalBackendOptions = {},
  ): Promise<PortalBackend> {
    const gitDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-git-'));
    const paved = options.config?.paved as
      | { templates?: Record<string, unknown> }
      | undefined;
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModulePavedTemplates,
        scaffolderPlugin,
        scaffolderGithubModule,
        pavedScaffolderFeatures,
        ...(options.features ?? []),
        mockServices.rootConfig.factory({
          data: {
            ...options.config,
            ...(options.githubToken && {
              integrations: {
                github: [{ host: 'github.com', token: options.githubToken }],
              },
            }),
            backend: {
              baseUrl: 'http://localhost:7007',
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            paved: {
              ...paved,
              localGit: { directory: gitDirectory },
              templates: {
                ...PLATFORM_TEMPLATES,
                ...paved?.templates,
              },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: (options.locations ?? []).map(({ target, allow }) => ({
                type: 'file',
                target,
                rules: [{ allow }],
              })),
            },
          },
        }),
      ],
    });
    const portal = new PortalBackend(
      gitDirectory,
      backend.server,
      async () => {
        await backend.stop();
        await fs.rm(gitDirectory, { recursive: true, force: true });
      },
      options.user ?? 'user:default/guest',
    );
    await eventually('the service template in the catalog', async () =>
      (
        await portal.get(
          '/api/catalog/entities/by-name/template/default/service',
        )
      ).status === 200
        ? true
        : undefined,
    );
    return portal;
  }

  private constructor(
    gitDirectory: string,
    server: Parameters<typeof request>[0],
    stop: () => Promise<void>,
    user: string,
  ) {
    this.gitDirectory = gitDirectory;
    this.#server = server;
    this.#stop = stop;
    this.#auth = mockCredentials.user.header(user);
  }

  /** The same portal, with requests from `userEntityRef`. */
  as(userEntityRef: string): PortalBackend {
    return new PortalBackend(
      this.gitDirectory,
      this.#server,
      this.#stop,
      userEntityRef,
    );
  }

  get(url: string) {
    return request(this.#server).get(url).set('Authorization', this.#auth);
  }

  /** A GET with no credentials at all. */
  getWithoutCredentials(url: string) {
    return request(this.#server).get(url);
  }

  /** Any request, signed in as this portal's user. */
  request(method: 'get' | 'post' | 'delete', url: string) {
    return request(this.#server)[method](url).set('Authorization', this.#auth);
  }

  /** Starts a task like the Create page does; returns the HTTP refusal when there is one. */
  async createTask(
    templateRef: string,
    values: Record<string, unknown>,
  ): Promise<{ taskId?: string; status: number; body: unknown }> {
    const response = await request(this.#server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', this.#auth)
      .send({ templateRef, values });
    return {
      taskId: response.body.id,
      status: response.status,
      body: response.body,
    };
  }

  async waitForTask(taskId: string): Promise<TaskResult> {
    const status = await eventually(`task ${taskId}`, async () => {
      const res = await this.get(`/api/scaffolder/v2/tasks/${taskId}`);
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? (res.body.status as string)
        : undefined;
    });
    const events = (await this.get(`/api/scaffolder/v2/tasks/${taskId}/events`))
      .body as Array<{
      type: string;
      body: { message?: string; output?: any };
    }>;
    return {
      status,
      log: events.filter(e => e.type === 'log').map(e => e.body.message ?? ''),
      output: events.find(e => e.type === 'completion')?.body.output,
    };
  }

  async componentNames(): Promise<string[]> {
    const res = await this.get('/api/catalog/entities?filter=kind=component');
    return (res.body as Array<{ metadata: { name: string } }>).map(
      e => e.metadata.name,
    );
  }

  async locationTargets(): Promise<string[]> {
    const res = await this.get('/api/catalog/locations');
    return (res.body as Array<{ data: { target: string } }>).map(
      l => l.data.target,
    );
  }

  async publishedRepositories(): Promise<string[]> {
    return (await fs.readdir(this.gitDirectory)).filter(
      name => !name.startsWith('.'),
    );
  }

  async waitForComponent(name: string) {
    return this.waitForEntity(`component:default/${name}`);
  }

  /** Waits until the catalog serves `entityRef` (`kind:namespace/name`) to this portal's user. */
  async waitForEntity(entityRef: string) {
    const [kind, rest] = entityRef.split(':');
    return eventually(`${entityRef} in the catalog`, async () => {
      const res = await this.get(
        `/api/catalog/entities/by-name/${kind}/${rest}`,
      );
      return res.status === 200 ? res.body : undefined;
    });
  }

  async stop(): Promise<void> {
    await this.#stop();
  }
}
