import path from 'node:path';
import {
  checkModuleCall,
  checkReferences,
  checkSensitiveOutputs,
  checkTfvars,
  findTerraform,
  requiredProviders,
  terraformFmtCheck,
  usedProviders,
} from './terraform/terraform';
import { repositoryExpectationsOf } from './testing/repositoryExpectations';
import {
  PARAMETER_SETS,
  renderServiceTemplateForEverySet,
} from './testing/renderedServiceTemplate';
import {
  PLATFORM_ENVIRONMENTS,
  TERRAFORM_STATE_REGION,
} from './TemplateDryRunner';

// Checks the layout of the generated Terraform: formatting, one root module per chosen environment
// with its own state, a service module whose calls, references, providers and inputs agree, for
// every parameter set, on the output of the real scaffolder's dry run.

const { repositoryOf, hcl, filesUnder, moduleAt } =
  renderServiceTemplateForEverySet();
const terraform = findTerraform();

describe.each(PARAMETER_SETS)('service template, %s', set => {
  const x = repositoryExpectationsOf(set);
  const moduleDir = `terraform/modules/${x.name}`;
  const envDir = (env: string) => `terraform/environments/${env}`;

  describe('terraform', () => {
    it('passes terraform fmt -check', async () => {
      if (!terraform) {
        // eslint-disable-next-line no-console
        console.info('terraform is not on PATH: skipping terraform fmt -check');
        return;
      }
      await expect(
        terraformFmtCheck(
          terraform,
          path.join(repositoryOf(set).dir, 'terraform'),
        ),
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
        const platform = PLATFORM_ENVIRONMENTS[
          env as keyof typeof PLATFORM_ENVIRONMENTS
        ] as { stateKmsKey?: string };
        const backend = (await hcl(set, `${envDir(env)}/backend.tf`))
          .terraform[0].backend.s3[0];
        expect(backend).toEqual({
          bucket: expect.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
          key: `${x.name}/${env}/terraform.tfstate`,
          // The state bucket's region is the platform's, not the service's.
          region: TERRAFORM_STATE_REGION,
          encrypt: true,
          ...(platform.stateKmsKey && { kms_key_id: platform.stateKmsKey }),
          use_lockfile: true,
        });
        const versions = (await hcl(set, `${envDir(env)}/versions.tf`))
          .terraform[0];
        // S3 lock files need Terraform 1.10.
        expect(versions.required_version).toMatch(/^>= 1\.1\d/);
        const providers = (await hcl(set, `${envDir(env)}/providers.tf`))
          .provider.aws[0];
        expect(providers.region).toBe('${var.aws_region}');
        // Credentials of any other account than the environment's are refused.
        expect(providers.allowed_account_ids).toEqual([
          PLATFORM_ENVIRONMENTS[env as keyof typeof PLATFORM_ENVIRONMENTS]
            .awsAccountId,
        ]);
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
          // The cluster of the same platform entry as the Argo CD destination (argocd.test.ts).
          cluster_name:
            PLATFORM_ENVIRONMENTS[env as keyof typeof PLATFORM_ENVIRONMENTS]
              .eksCluster,
        });
      }
    });

    it('is consistent: references, module calls, tfvars, providers, sensitive outputs', async () => {
      const module = await moduleAt(set, moduleDir);
      expect(checkReferences(module)).toEqual([]);
      expect(checkSensitiveOutputs(module)).toEqual([]);
      // Generated passwords leave the module only through Secrets Manager, never as outputs.
      expect(
        [...module.outputs]
          .filter(([, o]) => String(o.value).includes('random_password.'))
          .map(([name]) => name),
      ).toEqual([]);
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
        // No secret in a root's outputs (the Redis AUTH token lives in Secrets Manager only).
        expect({
          env,
          sensitiveOutputs: [...root.outputs]
            .filter(([, output]) => output.sensitive)
            .map(([name]) => name),
        }).toEqual({ env, sensitiveOutputs: [] });
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
  });
});
