import { ModuleSummary } from './terraform/terraform';
import {
  repositoryExpectationsOf,
  Resource,
} from './testing/repositoryExpectations';
import {
  PARAMETER_SETS,
  renderServiceTemplateForEverySet,
} from './testing/renderedServiceTemplate';

// Checks the AWS resources the generated Terraform creates: the service's IAM role, private and
// encrypted data stores, no opening to the internet and sizes per environment, for every parameter
// set, on the output of the real scaffolder's dry run.

const { moduleAt } = renderServiceTemplateForEverySet();

describe.each(PARAMETER_SETS)('service template, %s', set => {
  const x = repositoryExpectationsOf(set);
  const moduleDir = `terraform/modules/${x.name}`;
  const envDir = (env: string) => `terraform/environments/${env}`;

  describe('terraform', () => {
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

    const resourceChecks: Record<Resource, (module: ModuleSummary) => void> = {
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
        // The token reaches the service through the secret, never as an output.
        expect(module.outputs.has('redis_auth_token')).toBe(false);
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
      const has = (r: Resource) => x.resources.includes(r);
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
});
