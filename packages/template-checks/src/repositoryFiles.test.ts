import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';
import yaml from 'yaml';
import { validateComponentEntity } from './catalog/catalog';
import {
  repositoryExpectationsOf,
  WORKFLOWS,
} from './testing/repositoryExpectations';
import {
  PARAMETER_SETS,
  renderServiceTemplateForEverySet,
} from './testing/renderedServiceTemplate';

// Checks that every file the service template generates parses and holds no leftover template
// syntax, and that the repository describes itself to people (README, TechDocs) and to the catalog
// (catalog-info.yaml), for every parameter set, on the output of the real scaffolder's dry run.

const { repositoryOf, file, yamlFile, hcl } =
  renderServiceTemplateForEverySet();

describe.each(PARAMETER_SETS)('service template, %s', set => {
  const x = repositoryExpectationsOf(set);

  describe('files', () => {
    it('parses every YAML file (except Helm templates)', () => {
      const yamlFiles = [...repositoryOf(set).files.keys()].filter(
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
      const tfFiles = [...repositoryOf(set).files.keys()].filter(f =>
        /\.(tf|tfvars)$/.test(f),
      );
      expect(tfFiles.length).toBeGreaterThan(0);
      for (const f of tfFiles) {
        await expect(hcl(set, f)).resolves.toBeInstanceOf(Object);
      }
    });

    it('leaves no template syntax in the generated files', () => {
      const mine = [...repositoryOf(set).files.keys()].filter(
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
