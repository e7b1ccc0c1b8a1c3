import fs from 'node:fs/promises';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { bundledTemplatesDirectory } from '@paved/plugin-catalog-backend-module-paved-templates';
import pavedScaffolderModule from '@paved/plugin-scaffolder-backend-module-paved';
import request from 'supertest';
import yaml from 'yaml';

/** The Paved templates: the `templates/` folder of the templates module's package. */
export const TEMPLATES_DIR = bundledTemplatesDirectory();

/** What a dry run of a template produced. */
export interface DryRunResult {
  status: number;
  /** Generated files by path, relative to the new repository's root. */
  files: Map<string, Buffer>;
  /** Every log line the steps wrote. */
  log: string[];
  /** The error body when the dry run was refused. */
  error?: unknown;
  output?: Record<string, unknown>;
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(entry => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory()
        ? listFiles(full, base)
        : [path.relative(base, full)];
    }),
  );
  return nested.flat();
}

/**
 * The test platform's `paved.templates.environments`: dev and staging share a cluster in one AWS
 * account, prod runs on its own cluster in its own account and encrypts its Terraform state with
 * its own KMS key.
 */
export const PLATFORM_ENVIRONMENTS = {
  dev: {
    eksCluster: 'eks-nonprod',
    argocdServer: 'https://nonprod.k8s.example.com',
    awsAccountId: '111111111111',
  },
  staging: {
    eksCluster: 'eks-nonprod',
    argocdServer: 'https://nonprod.k8s.example.com',
    awsAccountId: '111111111111',
  },
  prod: {
    eksCluster: 'eks-prod',
    argocdServer: 'https://prod.k8s.example.com',
    awsAccountId: '012345678901',
    stateKmsKey:
      'arn:aws:kms:eu-west-1:012345678901:alias/paved-terraform-state',
  },
} as const satisfies Record<
  string,
  {
    eksCluster: string;
    argocdServer: string;
    awsAccountId: string;
    stateKmsKey?: string;
  }
>;

/** The test platform's `paved.templates.terraformStateRegion`. */
export const TERRAFORM_STATE_REGION = 'eu-west-1';

/**
 * The test platform's Prometheus: kube-prometheus-stack's default ServiceMonitor selector, and a
 * prometheus-adapter that serves custom metrics (the parameter sets scale on some).
 */
const PLATFORM_PROMETHEUS = {
  serviceMonitorLabels: { release: 'kube-prometheus-stack' },
  customMetricsAdapter: true,
};

/** The test platform's `paved.templates`, shared by every backend the checks start. */
export const PLATFORM_TEMPLATES = {
  grafanaUrl: 'https://grafana.example.com',
  terraformStateRegion: TERRAFORM_STATE_REGION,
  environments: PLATFORM_ENVIRONMENTS,
  prometheus: PLATFORM_PROMETHEUS,
};

/** The test platform's `app.baseUrl`: where TechDocs serves a generated service's docs. */
export const BACKSTAGE_URL = 'https://backstage.example.com';

/** Options for {@link TemplateDryRunner.create}; every field is optional. */
export interface TemplateDryRunnerOptions {
  /** Entities the mock catalog serves, e.g. the component `catalog:fetch` reads. Default: none. */
  entities?: Entity[];
  /**
   * `paved.localGit.directory` of the backend. Default: `/srv/paved/git`, a fixed path so output
   * that names the repository is the same on every machine; dry runs write nothing there.
   */
  localGitDirectory?: string;
  /** Configures a github.com integration with this token, as the GitHub publish targets need. */
  githubToken?: string;
  /** `paved.templates` of the backend. Default: {@link PLATFORM_TEMPLATES}. */
  templates?: Record<string, any>;
}

/**
 * Runs the repository's templates through the real scaffolder backend's dry-run API, the same
 * endpoint a CI pipeline calls, with the Paved scaffolder module installed.
 */
export class TemplateDryRunner {
  readonly #server: Parameters<typeof request>[0];
  readonly #stop: () => Promise<void>;

  static async create(
    options: TemplateDryRunnerOptions = {},
  ): Promise<TemplateDryRunner> {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGithubModule,
        pavedScaffolderModule,
        catalogServiceMock.factory({ entities: options.entities ?? [] }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: BACKSTAGE_URL },
            ...(options.githubToken && {
              integrations: {
                github: [{ host: 'github.com', token: options.githubToken }],
              },
            }),
            paved: {
              localGit: {
                directory: options.localGitDirectory ?? '/srv/paved/git',
              },
              templates: options.templates ?? PLATFORM_TEMPLATES,
            },
          },
        }),
      ],
    });
    return new TemplateDryRunner(backend.server, () => backend.stop());
  }

  private constructor(
    server: Parameters<typeof request>[0],
    stop: () => Promise<void>,
  ) {
    this.#server = server;
    this.#stop = stop;
  }

  /**
   * Dry-runs `templates/<templateName>/<templateFile>` with the whole `templates/<templateName>`
   * folder as its contents, so `./skeleton` URLs resolve as in the catalog.
   */
  async dryRun(
    templateName: string,
    values: Record<string, unknown>,
    templateFile = 'template.yaml',
  ): Promise<DryRunResult> {
    const dir = path.join(TEMPLATES_DIR, templateName);
    const template = yaml.parse(
      await fs.readFile(path.join(dir, templateFile), 'utf8'),
    );
    const directoryContents = await Promise.all(
      (
        await listFiles(dir)
      ).map(async file => ({
        path: file,
        base64Content: (
          await fs.readFile(path.join(dir, file))
        ).toString('base64'),
      })),
    );
    const response = await request(this.#server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header('user:default/guest'))
      .send({ template, values, directoryContents });

    const log: string[] = (response.body.log ?? []).map(
      (entry: { body: { message: string } }) => entry.body.message,
    );
    const files = new Map<string, Buffer>(
      (response.body.directoryContents ?? []).map(
        (file: { path: string; base64Content: string }) => [
          file.path,
          Buffer.from(file.base64Content, 'base64'),
        ],
      ),
    );
    return {
      status: response.status,
      files,
      log,
      output: response.body.output,
      error: response.status === 200 ? undefined : response.body,
    };
  }

  async stop(): Promise<void> {
    await this.#stop();
  }
}
