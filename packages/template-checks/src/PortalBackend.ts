import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import pavedScaffolderFeatures from '@paved/plugin-scaffolder-backend-module-paved';
import request from 'supertest';
import { TEMPLATES_DIR } from './TemplateDryRunner';

/** How a scaffolder task ended. */
export interface TaskResult {
  status: string;
  log: string[];
  output?: Record<string, unknown>;
}

async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) {
      return result;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/**
 * A real catalog and scaffolder with the Paved module, the templates registered from
 * `templates/` as the reference app does, and local git publishing into a temp directory: what
 * a user gets when they press Create.
 */
export class PortalBackend {
  readonly gitDirectory: string;
  readonly #server: Parameters<typeof request>[0];
  readonly #stop: () => Promise<void>;
  readonly #auth = mockCredentials.user.header('user:default/guest');

  /** `githubToken` configures a github.com integration, as the GitHub publish targets need. */
  static async start(
    options: { githubToken?: string } = {},
  ): Promise<PortalBackend> {
    const gitDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-git-'));
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderGithubModule,
        pavedScaffolderFeatures,
        mockServices.rootConfig.factory({
          data: {
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
              localGit: { directory: gitDirectory },
              templates: { grafanaUrl: 'https://grafana.example.com' },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Template'] }],
              locations: ['template.yaml', 'environment.yaml'].map(file => ({
                type: 'file',
                target: path.join(TEMPLATES_DIR, 'service', file),
              })),
            },
          },
        }),
      ],
    });
    const portal = new PortalBackend(gitDirectory, backend.server, async () => {
      await backend.stop();
      await fs.rm(gitDirectory, { recursive: true, force: true });
    });
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
  ) {
    this.gitDirectory = gitDirectory;
    this.#server = server;
    this.#stop = stop;
  }

  get(url: string) {
    return request(this.#server).get(url).set('Authorization', this.#auth);
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
    return eventually(`component ${name} in the catalog`, async () => {
      const res = await this.get(
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
      return res.status === 200 ? res.body : undefined;
    });
  }

  async stop(): Promise<void> {
    await this.#stop();
  }
}
