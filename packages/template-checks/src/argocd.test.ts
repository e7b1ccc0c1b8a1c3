import fs from 'node:fs/promises';
import path from 'node:path';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ArgoObject,
  ArgoValidation,
  expandApplicationSet,
  validateArgoCdObjects,
} from './argocd/argocd';
import { ParameterSetName } from './parameterSets';
import { PLATFORM_ENVIRONMENTS } from './TemplateDryRunner';
import { repositoryExpectationsOf } from './testing/repositoryExpectations';
import { renderHelmChartsOfEverySet } from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';

// Checks the Argo CD AppProject and ApplicationSet the service template generates, and the
// Applications the ApplicationSet expands to, for every parameter set, on the output of the real
// scaffolder's dry run; and that the project whitelists exactly the kinds the chart renders.

// The destination of each environment is the cluster the platform names for it, the same entry
// whose eksCluster the environment's IAM role trusts (terraformLayout.test.ts).
const serverOf = (env: string) =>
  PLATFORM_ENVIRONMENTS[env as keyof typeof PLATFORM_ENVIRONMENTS].argocdServer;

const { service, render, renderWithPodSecurityGroups } =
  renderHelmChartsOfEverySet();
const { repositoryOf, yamlFile } = service;

/** Argo CD version the generated manifests need: ApplicationSet templatePatch came with 2.10. */
const MINIMUM_ARGO_CD = '2.10';

/** `group/Kind` of every object the chart renders for a set, in any environment. */
async function chartKinds(set: ParameterSetName): Promise<string[]> {
  const kinds = new Set<string>();
  for (const env of repositoryExpectationsOf(set).environments) {
    // Also what the chart renders once the operator set the pods' security groups.
    for (const object of [
      ...(await render(set, 4, env)),
      ...(await renderWithPodSecurityGroups(set, env)),
    ]) {
      const group = object.apiVersion.includes('/')
        ? object.apiVersion.split('/')[0]
        : '';
      kinds.add(`${group}/${object.kind}`);
    }
  }
  return [...kinds].sort();
}

const whitelist = (project: ArgoObject): string[] =>
  project
    .spec!.namespaceResourceWhitelist.map(
      (r: { group: string; kind: string }) => `${r.group}/${r.kind}`,
    )
    .sort();

function argoObjects(set: ParameterSetName): ArgoObject[] {
  const appSet = yamlFile(set, 'argocd/applicationset.yaml');
  return [
    yamlFile(set, 'argocd/appproject.yaml'),
    appSet,
    ...expandApplicationSet(appSet),
  ];
}

// The Argo CD schemas run in one child process for all parameter sets.
let argoValidations: Promise<ArgoValidation[][]> | undefined;
function argoValidation(set: ParameterSetName): Promise<ArgoValidation[]> {
  argoValidations ??= (async () => {
    const batches = PARAMETER_SETS.map(argoObjects);
    const results = await validateArgoCdObjects(batches.flat());
    return batches.map(batch => results.splice(0, batch.length));
  })();
  return argoValidations.then(all => all[PARAMETER_SETS.indexOf(set)]);
}

describe.each(PARAMETER_SETS)('service template, %s', set => {
  const x = repositoryExpectationsOf(set);

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

    it('confines the project to this repository, the service namespaces and the chart’s kinds', async () => {
      expect(project.metadata!.name).toBe(x.name);
      expect(project.spec!.sourceRepos).toEqual([
        appSet.spec!.template.spec.source.repoURL,
      ]);
      expect(project.spec!.sourceRepos[0]).toMatch(
        new RegExp(`${x.name}(\\.git)?$`),
      );
      expect(project.spec!.destinations).toEqual(
        x.environments.map(env => ({
          server: serverOf(env),
          namespace: `${x.name}-${env}`,
        })),
      );
      expect(project.spec!.clusterResourceWhitelist).toEqual([
        { group: '', kind: 'Namespace' },
      ]);
      // Every kind the chart renders for this set is whitelisted.
      expect(whitelist(project)).toEqual(
        expect.arrayContaining(await chartKinds(set)),
      );
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
          server: serverOf(env),
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
          expect(
            repositoryOf(set).files.has(`${x.chartPath}/${valueFile}`),
          ).toBe(true);
        }
        expect(spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
        expect(spec.syncPolicy.retry).toMatchObject({
          limit: expect.any(Number),
          backoff: { duration: expect.any(String), factor: expect.any(Number) },
        });
        // Environments sync independently: an ApplicationSet orders its Applications only
        // with its RollingSync strategy, never by sync waves.
        expect(appSet.spec!.strategy).toBeUndefined();
        expect(apps[i].metadata!.annotations ?? {}).not.toHaveProperty([
          'argocd.argoproj.io/sync-wave',
        ]);
        // The namespace Argo CD creates enforces the restricted Pod Security Standard.
        expect(spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject({
          'paved.dev/environment': env,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        });
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
});

describe('the Argo CD project of every service', () => {
  it('whitelists the kinds the chart renders for some parameter set, and nothing else', async () => {
    const rendered = new Set<string>();
    for (const set of PARAMETER_SETS) {
      (await chartKinds(set)).forEach(kind => rendered.add(kind));
    }
    for (const set of PARAMETER_SETS) {
      expect(whitelist(yamlFile(set, 'argocd/appproject.yaml'))).toEqual(
        [...rendered].sort(),
      );
    }
  });

  it(`says it needs Argo CD ${MINIMUM_ARGO_CD} or later, where the manifests and the docs are read`, async () => {
    const appSet = yamlFile('full', 'argocd/applicationset.yaml');
    expect(appSet.spec.templatePatch).toEqual(expect.any(String));
    const stated = `Argo CD ${MINIMUM_ARGO_CD} or later`;
    expect(
      repositoryOf('full').files.get('argocd/applicationset.yaml'),
    ).toContain(stated);
    expect(repositoryOf('full').files.get('README.md')).toContain(stated);
    const docs = await fs.readFile(
      // These checks run from source in the repository, never from a build.
      // eslint-disable-next-line no-restricted-syntax
      path.resolve(__dirname, '../../../docs/templates.md'),
      'utf8',
    );
    expect(docs).toContain(stated);
  });
});
