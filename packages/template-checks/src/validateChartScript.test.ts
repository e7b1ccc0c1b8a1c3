import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { makeTempDir, removeTempDir } from './helm';
import {
  chartExpectationsOf,
  HELM_MAJORS,
  POD_SECURITY_GROUP_IDS,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';
import { WorkflowCommands } from './workflows/workflowCommands';

// Runs `.github/scripts/validate-chart.sh`, the chart checks that Validate runs per environment
// and Promote runs on the values it promotes, in every generated repository with the real Helm 3
// and Helm 4 on PATH and a kubeconform that records what it is given: the script lints, renders
// what `helm template` renders with the APIs the cluster serves (the SecurityGroupPolicy
// included once its groups are set) and hands every manifest to kubeconform, and any failing
// step fails it.

const { service, helm, chartOf, render } = renderHelmChartsOfEverySet();
const SCRIPT = 'bash .github/scripts/validate-chart.sh';
const CRDS_CATALOG =
  'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';

let workDir: string | undefined;
let commands: WorkflowCommands;
beforeAll(async () => {
  workDir = await makeTempDir('paved-validate-chart-');
  commands = await WorkflowCommands.create(workDir);
});
afterAll(() => removeTempDir(workDir));

/** kubeconform's schema URL for an object, as it fills in the CRDs-catalog template. */
function crdsCatalogSchema(object: { apiVersion: string; kind: string }) {
  const [group, version] = object.apiVersion.split('/');
  return CRDS_CATALOG.replace('{{.Group}}', group)
    .replace('{{.ResourceKind}}', object.kind.toLowerCase())
    .replace('{{.ResourceAPIVersion}}', version);
}

describe.each(PARAMETER_SETS)('validate-chart.sh of %s', set => {
  const x = chartExpectationsOf(set);
  const repository = () => service.repositoryOf(set).dir;
  const validate = (env: string, major: 3 | 4, extraEnv = {}) =>
    commands.bash(`${SCRIPT} ${env}`, {
      cwd: repository(),
      extraPath: [path.dirname(helm(major).helm)],
      env: extraEnv,
    });

  it.each(HELM_MAJORS)(
    'lints and renders every environment with helm %i and hands kubeconform what helm template renders',
    async major => {
      for (const env of x.envs) {
        const result = await validate(env, major);
        expect({ env, code: result.code, stderr: result.stderr }).toEqual({
          env,
          code: 0,
          stderr: '',
        });
        expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
        const { args, manifests } = result.kubeconform!;
        expect(args.slice(0, -1)).toEqual([
          '-strict',
          '-summary',
          '-schema-location',
          'default',
          '-schema-location',
          CRDS_CATALOG,
        ]);
        const checked = yaml
          .parseAllDocuments(manifests)
          .map(d => d.toJS())
          .filter(Boolean);
        expect(checked).toEqual(await render(set, major, env, true));
      }
    },
  );

  it('checks the SecurityGroupPolicy once the groups are in values-<env>.yaml, against its CRDs-catalog schema', async () => {
    const env = x.envs[0];
    const file = chartOf(set).valuesFile(env);
    const original = await fs.readFile(file, 'utf8');
    const values = yaml.parseDocument(original);
    values.setIn(['podSecurityGroups', 'groupIds'], POD_SECURITY_GROUP_IDS);
    await fs.writeFile(file, values.toString());
    try {
      const result = await validate(env, 4);
      expect(result.code).toBe(0);
      const policies = yaml
        .parseAllDocuments(result.kubeconform!.manifests)
        .map(d => d.toJS())
        .filter(o => o?.kind === 'SecurityGroupPolicy');
      expect(
        policies.map(p => ({
          schema: crdsCatalogSchema(p),
          groupIds: p.spec.securityGroups.groupIds,
        })),
      ).toEqual(
        x.cloudSecrets
          ? [
              {
                schema:
                  'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/vpcresources.k8s.aws/securitygrouppolicy_v1beta1.json',
                groupIds: POD_SECURITY_GROUP_IDS,
              },
            ]
          : [],
      );
    } finally {
      await fs.writeFile(file, original);
    }
  });

  it('fails when kubeconform finds a manifest invalid, when helm lint fails, and for an unknown environment', async () => {
    const env = x.envs[0];
    const invalid = await validate(env, 4, { KUBECONFORM_EXIT: '1' });
    expect(invalid.code).not.toBe(0);

    const file = chartOf(set).valuesFile(env);
    const original = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, `${original}\nnotAValue: true\n`);
    try {
      const unlinted = await validate(env, 4);
      expect(unlinted.code).not.toBe(0);
      expect(unlinted.stdout).toContain(
        "additional properties 'notAValue' not allowed",
      );
      expect(unlinted.kubeconform).toBeUndefined();
    } finally {
      await fs.writeFile(file, original);
    }

    const unknown = await validate('qa', 4);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain(
      `charts/${
        x.name
      }/values-qa.yaml does not exist; the chart has values for: ${[...x.envs]
        .sort()
        .join(' ')}`,
    );
    expect(unknown.kubeconform).toBeUndefined();
  });
});
