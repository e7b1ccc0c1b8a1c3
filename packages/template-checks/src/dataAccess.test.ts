import { validateModels } from './helm';
import {
  chartExpectationsOf,
  only,
  POD_SECURITY_GROUP_IDS,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';

// Least privilege for the data of a generated service, on the output of the real scaffolder's dry
// run for every parameter set: the database and the cache accept only the service's own security
// group, which only its pods get; the credentials come through a SecretStore of the service's
// namespace that reads as the service's own account; its IAM role reads exactly those secrets;
// and the pods restart when a secret rotates.

const { service, render, renderWithPodSecurityGroups } =
  renderHelmChartsOfEverySet();

describe.each(PARAMETER_SETS)('service template, %s', set => {
  const x = chartExpectationsOf(set);
  const moduleDir = `terraform/modules/${x.name}`;
  const dataStores = (['postgres', 'redis'] as const).filter(r => x[r]);

  it('lets only the pods of the service reach its database and cache', async () => {
    const module = await service.moduleAt(set, moduleDir);
    const ingress = [...module.resources]
      .filter(([key]) => key.startsWith('aws_vpc_security_group_ingress_rule.'))
      .map(([key, rule]) => ({
        key,
        to: rule.security_group_id,
        from: rule.referenced_security_group_id ?? rule.cidr_ipv4,
      }))
      .sort((a, b) => a.key.localeCompare(b.key));
    expect(ingress).toEqual(
      dataStores.flatMap(store => [
        // Extra CIDRs (e.g. a bastion) only when the operator adds them; none by default.
        {
          key: `aws_vpc_security_group_ingress_rule.${store}_cidr`,
          to: `\${aws_security_group.${store}.id}`,
          from: '${strcontains(each.value, ":") ? null : each.value}',
        },
        {
          key: `aws_vpc_security_group_ingress_rule.${store}_pods`,
          to: `\${aws_security_group.${store}.id}`,
          from: '${aws_security_group.pods.id}',
        },
      ]),
    );
    expect(module.variables.get('allowed_cidr_blocks')?.default).toEqual(
      dataStores.length ? [] : undefined,
    );
    expect(module.resources.has('aws_security_group.pods')).toBe(
      dataStores.length > 0,
    );
    // The pods' own group and the cluster's, for the SecurityGroupPolicy.
    expect(module.outputs.get('pod_security_group_ids')?.value).toEqual(
      dataStores.length
        ? [
            '${aws_security_group.pods.id}',
            '${local.cluster_security_group_id}',
          ]
        : undefined,
    );
  });

  it("puts the service's security group on its pods only (SecurityGroupPolicy)", async () => {
    for (const env of x.envs) {
      const values = service.yamlFile(
        set,
        `charts/${x.name}/values-${env}.yaml`,
      );
      expect(values.podSecurityGroups).toBeUndefined();
      const objects = await renderWithPodSecurityGroups(set, env);
      const selector = only(objects, 'Deployment').spec.selector.matchLabels;
      expect(
        objects
          .filter(o => o.kind === 'SecurityGroupPolicy')
          .map(o => ({ apiVersion: o.apiVersion, spec: o.spec })),
      ).toEqual(
        dataStores.length
          ? [
              {
                apiVersion: 'vpcresources.k8s.aws/v1beta1',
                spec: {
                  podSelector: { matchLabels: selector },
                  securityGroups: { groupIds: POD_SECURITY_GROUP_IDS },
                },
              },
            ]
          : [],
      );
      // Without the groups from Terraform the chart renders none (and the README says so).
      expect(
        (await render(set, 4, env)).filter(
          o => o.kind === 'SecurityGroupPolicy',
        ),
      ).toEqual([]);
    }
  });

  it("reads the secrets through a SecretStore of its namespace, as the service's own account", async () => {
    const anyRegion = expect.stringMatching(/^[a-z]{2}-[a-z]+-\d$/);
    for (const env of x.envs) {
      const objects = await render(set, 4, env);
      const stores = objects.filter(o => o.kind.endsWith('SecretStore'));
      const externalSecrets = objects.filter(o => o.kind === 'ExternalSecret');
      const serviceAccount = only(objects, 'ServiceAccount');
      expect(serviceAccount.metadata.name).toBe(x.name);
      expect(
        stores.map(store => ({
          kind: store.kind,
          name: store.metadata.name,
          provider: store.spec.provider,
        })),
      ).toEqual(
        x.cloudSecrets
          ? [
              {
                kind: 'SecretStore',
                name: x.name,
                provider: {
                  aws: {
                    service: 'SecretsManager',
                    region: anyRegion,
                    auth: { jwt: { serviceAccountRef: { name: x.name } } },
                  },
                },
              },
            ]
          : [],
      );
      // The account whose IAM role the store reads as is the environment's role.
      expect(
        serviceAccount.metadata.annotations?.['eks.amazonaws.com/role-arn'] ??
          '',
      ).toMatch(new RegExp(`:role/${x.name}-${env}$`));
      expect(externalSecrets.map(e => e.spec.secretStoreRef)).toEqual(
        x.cloudSecrets ? [{ name: x.name, kind: 'SecretStore' }] : [],
      );
      const validations = await validateModels([...stores, ...externalSecrets]);
      expect(validations.filter(v => v.error)).toEqual([]);
      // Each secret the store reads is one the environment's Terraform writes.
      const remoteKeys = new Set(
        externalSecrets.flatMap(e =>
          e.spec.data.map((d: any) => d.remoteRef.key),
        ),
      );
      expect([...remoteKeys].sort()).toEqual(
        dataStores.map(store => `${x.name}/${env}/${store}`).sort(),
      );
    }
  });

  it('gives its IAM role GetSecretValue on exactly the secrets the store reads, and nothing else of Secrets Manager', async () => {
    const module = await service.moduleAt(set, moduleDir);
    const statements = [...module.data]
      .filter(([key]) => key.startsWith('aws_iam_policy_document.'))
      .filter(([key]) => key !== 'aws_iam_policy_document.assume_role')
      .flatMap(([, doc]) => doc.statement as any[]);
    const secretsManager = statements.filter(s =>
      s.actions.some((a: string) => a.startsWith('secretsmanager:')),
    );
    const secretOf = { postgres: 'postgres', redis: 'redis_auth' };
    expect(
      secretsManager.map(s => ({ actions: s.actions, resources: s.resources })),
    ).toEqual(
      dataStores.map(store => ({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [`\${aws_secretsmanager_secret.${secretOf[store]}.arn}`],
      })),
    );
    for (const store of dataStores) {
      expect(
        module.resources.get(`aws_secretsmanager_secret.${secretOf[store]}`)!
          .name,
      ).toBe(`\${var.name}/\${var.environment}/${store}`);
    }
  });

  it('restarts the pods when a secret rotates (Stakater Reloader)', async () => {
    for (const env of x.envs) {
      const objects = await render(set, 4, env);
      const annotations = only(objects, 'Deployment').metadata.annotations;
      const target = objects.find(o => o.kind === 'ExternalSecret')?.spec.target
        .name;
      expect(annotations?.['secret.reloader.stakater.com/reload']).toBe(target);
      expect(target !== undefined).toBe(x.cloudSecrets);
    }
  });
});
