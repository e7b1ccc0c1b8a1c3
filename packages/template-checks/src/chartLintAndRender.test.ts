import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import {
  helmLint,
  helmTemplate,
  KubeObject,
  ModelValidation,
  validateModels,
} from './helm';
import { ParameterSetName, parameterSets } from './parameterSets';
import {
  chartExpectationsOf,
  GUARDED_APIS,
  HELM_MAJORS,
  kinds,
  KUBERNETES_ID,
  only,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';

// Lints and renders the Helm chart the service template generates, for every parameter set
// through the real scaffolder's dry run and every environment, with Helm 3 and Helm 4: helm lint
// --strict with each environment's values, the same objects from both Helms, with and without the
// guarded APIs, all valid against the upstream Kubernetes schemas and labelled for the catalog; a
// values schema that rejects mistakes, features a service did not choose that values can still
// switch on, and an ExternalSecret that falls back to the older API a cluster may serve.

const { service, chartOf, helm, render } = renderHelmChartsOfEverySet();

/** Every distinct object any environment of a set renders, under either Helm, guarded or not. */
async function everyObjectOf(set: ParameterSetName): Promise<KubeObject[]> {
  const unique = new Map<string, KubeObject>();
  for (const major of HELM_MAJORS) {
    for (const env of chartExpectationsOf(set).envs) {
      for (const guarded of [false, true]) {
        for (const object of await render(set, major, env, guarded)) {
          unique.set(JSON.stringify(object), object);
        }
      }
    }
  }
  return [...unique.values()];
}

// The Kubernetes schemas run in one child process for all parameter sets.
let schemaValidations: Promise<ModelValidation[][]> | undefined;
function schemaValidation(set: ParameterSetName): Promise<ModelValidation[]> {
  schemaValidations ??= (async () => {
    const batches = await Promise.all(PARAMETER_SETS.map(everyObjectOf));
    const results = await validateModels(batches.flat());
    return batches.map(batch => results.splice(0, batch.length));
  })();
  return schemaValidations.then(all => all[PARAMETER_SETS.indexOf(set)]);
}

describe.each(PARAMETER_SETS)('the Helm chart of %s', set => {
  const expected = chartExpectationsOf(set);

  it('has the chart files and one values file per environment', async () => {
    const { dir } = chartOf(set);
    const files = await fs.readdir(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'Chart.yaml',
        'values.yaml',
        'values.schema.json',
        '.helmignore',
        'templates',
        ...expected.envs.map(env => `values-${env}.yaml`),
      ]),
    );
    const chartYaml = yaml.parse(
      await fs.readFile(path.join(dir, 'Chart.yaml'), 'utf8'),
    );
    expect(chartYaml).toMatchObject({
      apiVersion: 'v2',
      name: expected.name,
      appVersion: expect.any(String),
      kubeVersion: expect.any(String),
      annotations: { [KUBERNETES_ID]: expected.name },
    });
  });

  it.each(HELM_MAJORS)(
    "passes helm %i lint --strict with every environment's values",
    async major => {
      const chart = chartOf(set);
      const results = await Promise.all(
        chart.envs.map(env =>
          helmLint(helm(major), chart.dir, [chart.valuesFile(env)]),
        ),
      );
      const failures = results
        .map((r, i) => ({ env: chart.envs[i], ...r }))
        .filter(r => r.code !== 0)
        .map(r => `${r.env}:\n${r.stdout}${r.stderr}`);
      expect(failures).toEqual([]);
    },
  );

  it.each(HELM_MAJORS)(
    'renders every environment with helm %i template, with and without the guarded APIs',
    async major => {
      const rendered = await Promise.all(
        expected.envs.flatMap(env => [
          render(set, major, env, false),
          render(set, major, env, true),
        ]),
      );
      for (const objects of rendered) {
        expect(kinds(objects)).toEqual(
          expect.arrayContaining(['Deployment', 'Service', 'ServiceAccount']),
        );
      }
    },
  );

  it('renders the same objects with Helm 3 and Helm 4', async () => {
    for (const env of expected.envs) {
      expect(await render(set, 4, env)).toEqual(await render(set, 3, env));
    }
  });

  it('renders only objects that validate against their Kubernetes schemas', async () => {
    const results = await schemaValidation(set);
    expect(results.filter(r => r.error)).toEqual([]);
    expect(results.map(r => r.kind)).toContain('Deployment');
  });

  it(`labels every object and pod with ${KUBERNETES_ID}: <name>`, async () => {
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      for (const object of objects) {
        expect({
          object: `${object.kind}/${object.metadata.name}`,
          id: object.metadata.labels?.[KUBERNETES_ID],
        }).toEqual({
          object: `${object.kind}/${object.metadata.name}`,
          id: expected.name,
        });
      }
      const deployment = only(objects, 'Deployment');
      expect(deployment.spec.template.metadata.labels[KUBERNETES_ID]).toBe(
        expected.name,
      );
    }
  });

  it('renders the guarded objects exactly when the cluster serves their APIs', async () => {
    for (const env of expected.envs) {
      const without = kinds(await render(set, 4, env, false));
      expect(without).not.toContain('ServiceMonitor');
      expect(without).not.toContain('PrometheusRule');
      expect(without).not.toContain('ExternalSecret');

      const objects = await render(set, 4, env, true);
      const withApis = kinds(objects);
      expect(withApis).toContain('ServiceMonitor');
      expect(withApis).toContain('PrometheusRule');
      expect(withApis.includes('ExternalSecret')).toBe(expected.cloudSecrets);

      // The pods read the generated Secret only when it exists.
      const container = only(objects, 'Deployment').spec.template.spec
        .containers[0];
      const secretRefs = (container.envFrom ?? []).filter(
        (e: any) => e.secretRef,
      );
      expect(secretRefs.length).toBe(expected.cloudSecrets ? 1 : 0);
      expect(
        (
          only(await render(set, 4, env, false), 'Deployment').spec.template
            .spec.containers[0].envFrom ?? []
        ).length,
      ).toBe(0);
    }
  });
});

describe('the chart schema', () => {
  it.each(HELM_MAJORS)(
    'makes helm %i lint fail on a wrong type or an unknown top-level key',
    async major => {
      const chart = chartOf('full');
      const cases = {
        'wrong-type': 'autoscaling:\n  minReplicas: "two"\n',
        'unknown-key': 'replicas: 3\n',
        'bad-gpu-count': 'gpu:\n  count: 0\n',
      };
      for (const [name, content] of Object.entries(cases)) {
        const file = path.join(service.workDir(), `bad-${major}-${name}.yaml`);
        await fs.writeFile(file, content);
        const result = await helmLint(helm(major), chart.dir, [
          chart.valuesFile('prod'),
          file,
        ]);
        expect({ name, code: result.code }).toEqual({ name, code: 1 });
        expect(`${result.stdout}${result.stderr}`).toMatch(
          /minReplicas|replicas|gpu/,
        );
      }
    },
  );
});

describe('features a service did not choose', () => {
  it.each(HELM_MAJORS)(
    'can be switched on from values under helm %i',
    async major => {
      const chart = chartOf('minimal');
      const overrides = path.join(
        service.workDir(),
        `minimal-features-${major}.yaml`,
      );
      await fs.writeFile(
        overrides,
        yaml.stringify({
          autoscaling: { enabled: false },
          ingress: { enabled: true, host: 'hello.example.com' },
          gpu: { enabled: true, resourceName: 'nvidia.com/mig-1g.10gb' },
          // The chart's SecretStore reads Secrets Manager in the service's region.
          externalSecrets: { enabled: true, redis: { enabled: true } },
          aws: { region: 'eu-west-1' },
        }),
      );
      const valuesFiles = [chart.valuesFile('dev'), overrides];
      const lint = await helmLint(helm(major), chart.dir, valuesFiles);
      expect(`${lint.stdout}${lint.stderr}`).not.toMatch(/\[ERROR\]/);
      const objects = await helmTemplate(helm(major), chart.dir, {
        releaseName: chart.name,
        namespace: `${chart.name}-dev`,
        valuesFiles,
        apiVersions: GUARDED_APIS,
      });
      expect(kinds(objects)).toEqual(
        expect.arrayContaining(['Ingress', 'ExternalSecret', 'SecretStore']),
      );
      expect(kinds(objects)).not.toContain('HorizontalPodAutoscaler');
      const deployment = only(objects, 'Deployment');
      expect(deployment.spec.replicas).toBe(1);
      expect(
        deployment.spec.template.spec.containers[0].resources.limits,
      ).toMatchObject({ 'nvidia.com/mig-1g.10gb': 1 });
      const alerts = only(objects, 'PrometheusRule').spec.groups.flatMap(
        (g: any) => g.rules.map((r: any) => r.alert),
      );
      expect(alerts).toEqual(
        expect.arrayContaining(['GPUXidErrors', 'GPUMemoryNearlyFull']),
      );
      expect(alerts).not.toContain('HPAMaxedOut');
      const results = await validateModels(objects);
      expect(results.filter(r => r.error)).toEqual([]);
    },
  );
});

describe('the ExternalSecret', () => {
  it.each(HELM_MAJORS)(
    'falls back to external-secrets.io/v1beta1 under helm %i when v1 is not served',
    async major => {
      const chart = chartOf('full');
      const objects = await helmTemplate(helm(major), chart.dir, {
        releaseName: chart.name,
        namespace: `${chart.name}-prod`,
        valuesFiles: [chart.valuesFile('prod')],
        apiVersions: ['external-secrets.io/v1beta1'],
      });
      const secret = only(objects, 'ExternalSecret');
      expect(secret.apiVersion).toBe('external-secrets.io/v1beta1');
      expect(secret.spec.data.map((d: any) => d.remoteRef.key)).toEqual(
        expect.arrayContaining([
          'orders-api/prod/postgres',
          'orders-api/prod/redis',
        ]),
      );
      const results = await validateModels([secret]);
      expect(results.filter(r => r.error)).toEqual([]);
    },
  );
});

describe('the image an environment deploys', () => {
  it.each(HELM_MAJORS)(
    'is the release the first build pushes, a promoted digest, or a clear failure under helm %i',
    async major => {
      const chart = chartOf('full');
      const appVersion = service.yamlFile(
        'full',
        `charts/${chart.name}/Chart.yaml`,
      ).appVersion;
      const imageOf = (objects: KubeObject[]) =>
        only(objects, 'Deployment').spec.template.spec.containers[0].image;
      const renderWith = async (env: string, image?: object) => {
        const valuesFiles = [chart.valuesFile(env)];
        if (image) {
          const file = path.join(
            service.workDir(),
            `image-${major}-${env}-${Object.keys(image).join('-')}.yaml`,
          );
          await fs.writeFile(file, yaml.stringify({ image }));
          valuesFiles.push(file);
        }
        return helmTemplate(helm(major), chart.dir, {
          releaseName: chart.name,
          namespace: `${chart.name}-${env}`,
          valuesFiles,
        });
      };
      // Fresh: every environment deploys the chart's appVersion, the tag the Build workflow
      // pushes on the first build of main (workflows.test.ts).
      for (const env of chart.envs) {
        expect(chart.envValues[env].image).toEqual({
          tag: appVersion,
          digest: '',
        });
        expect(imageOf(await renderWith(env))).toBe(
          `${parameterSets.full.image}:${appVersion}`,
        );
      }
      const digest = `sha256:${'ab'.repeat(32)}`;
      expect(imageOf(await renderWith('staging', { digest }))).toBe(
        `${parameterSets.full.image}@${digest}`,
      );
      await expect(renderWith('prod', { tag: '', digest: '' })).rejects.toThrow(
        /image\.tag or image\.digest must be set in values-prod\.yaml: run the Promote workflow for prod/,
      );
    },
  );
});
