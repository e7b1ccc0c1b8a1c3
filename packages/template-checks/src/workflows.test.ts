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
      const steps: any[] = Object.values<any>(doc.jobs).flatMap(
        j => j.steps ?? [],
      );
      // Every other step runs something.
      expect(
        steps.filter(step => !step.uses && !String(step.run ?? '').trim()),
      ).toEqual([]);
    });

    it.each(WORKFLOWS)(
      '%s pins every action by commit SHA, with its version in a comment for Renovate',
      name => {
        const uses = workflow(name)
          .split('\n')
          .filter(line => /^\s*(- )?uses:/.test(line))
          .map(line => line.replace(/^\s*(- )?uses:\s*/, ''));
        expect(uses.length).toBeGreaterThan(0);
        expect(
          uses.filter(
            u =>
              !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/.test(u) &&
              !/^\.\/\.github\/workflows\/[\w.-]+\.yaml$/.test(u),
          ),
        ).toEqual([]);
      },
    );

    it('has Renovate keep the pins current, and leave the promoted images alone', () => {
      const renovate = JSON.parse(file(set, 'renovate.json'));
      expect(renovate.extends).toEqual(
        expect.arrayContaining([
          'helpers:pinGitHubActionDigestsToSemver',
          'docker:pinDigests',
        ]),
      );
      expect(renovate['helm-values']).toEqual({ enabled: false });
    });

    it('pushes what the environments deploy: the commit SHA, and the chart appVersion they start on', () => {
      const text = workflow('build.yaml');
      const doc = yaml.parse(text);
      expect(doc.env.IMAGE).toBe(x.image);
      expect(doc.env.CHART).toBe(x.chartPath);
      const steps: any[] = doc.jobs.image.steps;
      const tags = steps.find(s => s.id === 'tag');
      expect(tags.run).toContain('tags="${IMAGE}:${GITHUB_SHA}"');
      // The release tag comes from the Chart.yaml every values-<env>.yaml starts on
      // (chartLintAndRender.test.ts renders each with it), pushed only when it is not there yet.
      expect(tags.run).toContain(
        'release="$(yq \'.appVersion\' "$CHART/Chart.yaml")"',
      );
      expect(tags.run).toContain('tags="${tags},${IMAGE}:${release}"');
      expect(tags.run).toContain(
        'docker buildx imagetools inspect "${IMAGE}:${release}"',
      );
      const appVersion = yaml.parse(
        file(set, `${x.chartPath}/Chart.yaml`),
      ).appVersion;
      for (const env of x.environments) {
        const values = yaml.parse(
          file(set, `${x.chartPath}/values-${env}.yaml`),
        );
        expect({ env, image: values.image }).toEqual({
          env,
          image: { tag: appVersion, digest: '' },
        });
      }
      const build = steps.find(s =>
        s.uses?.startsWith('docker/build-push-action@'),
      );
      expect(build.with.tags).toBe('${{ steps.tag.outputs.tags }}');
      expect(build.with.push).toBe(
        "${{ github.event_name != 'pull_request' }}",
      );
      expect(build.with).toMatchObject({ sbom: true, provenance: 'mode=max' });
      const scan = steps.find(s =>
        s.uses?.startsWith('aquasecurity/trivy-action@'),
      );
      expect(scan.with).toMatchObject({
        'image-ref': '${{ env.IMAGE }}@${{ steps.build.outputs.digest }}',
        'exit-code': '1',
      });
      expect(steps.indexOf(scan)).toBeGreaterThan(steps.indexOf(build));
      expect(doc.jobs.image.outputs).toEqual({
        tag: '${{ steps.tag.outputs.tag }}',
        digest: '${{ steps.build.outputs.digest }}',
      });
      const permissions = doc.jobs.image.permissions;
      const ghcr = x.image.startsWith('ghcr.io/');
      expect(permissions).toEqual({
        contents: 'read',
        ...(ghcr ? { packages: 'write' } : {}),
      });
      expect(text.includes('${{ secrets.GITHUB_TOKEN }}')).toBe(ghcr);
    });

    it('promotes dev on every push to main, with the digest just pushed', () => {
      const doc = yaml.parse(workflow('build.yaml'));
      const job = doc.jobs['promote-dev'];
      expect(job !== undefined).toBe(x.environments.includes('dev'));
      if (!job) return;
      expect(job).toEqual({
        name: 'Promote to dev',
        needs: 'image',
        if: "github.event_name == 'push' && github.ref == 'refs/heads/main' && needs.image.outputs.digest != ''",
        permissions: { contents: 'write', 'pull-requests': 'write' },
        uses: './.github/workflows/promote.yaml',
        with: {
          environment: 'dev',
          digest: '${{ needs.image.outputs.digest }}',
          tag: '${{ needs.image.outputs.tag }}',
        },
      });
      expect(doc.on.push.branches).toEqual(['main']);
      const promote = yaml.parse(workflow('promote.yaml'));
      expect(Object.keys(promote.on.workflow_call.inputs).sort()).toEqual(
        Object.keys(job.with).sort(),
      );
    });

    it('promotes an image per environment by digest: dev on main, the others in a pull request', () => {
      const text = workflow('promote.yaml');
      const doc = yaml.parse(text);
      expect(doc.on.workflow_dispatch.inputs.environment.options).toEqual(
        x.environments,
      );
      expect(Object.keys(doc.on.workflow_dispatch.inputs).sort()).toEqual([
        'digest',
        'environment',
        'tag',
      ]);
      expect(doc.on.push.branches).toEqual(
        x.environments.map(env => `env/${env}`),
      );
      expect(doc.env.CHART).toBe(x.chartPath);
      for (const env of x.environments) {
        expect(
          repositoryOf(set).files.has(`${x.chartPath}/values-${env}.yaml`),
        ).toBe(true);
      }
      expect(text).toContain(
        "yq -i '.image.tag = strenv(TAG) | .image.digest = strenv(DIGEST)'",
      );
      expect(text).toContain('^sha256:[a-f0-9]{64}$');
      for (const expr of [
        '${{ inputs.environment }}',
        '${{ inputs.digest }}',
        '${{ needs.target.outputs.tag }}',
        '${{ needs.target.outputs.digest }}',
        '${{ needs.target.outputs.environment }}',
        '${{ github.event.repository.default_branch }}',
      ]) {
        expect(text).toContain(expr);
      }
      expect(doc.jobs.promote.permissions).toEqual({
        contents: 'write',
        'pull-requests': 'write',
      });
      // Behind the GitHub environment of the same name: prod's required reviewers approve.
      expect(doc.jobs.promote.needs).toBe('target');
      expect(doc.jobs.promote.environment).toBe(
        '${{ needs.target.outputs.environment }}',
      );
      const steps: any[] = doc.jobs.promote.steps;
      const pullRequest = steps.find(s =>
        s.uses?.startsWith('peter-evans/create-pull-request@'),
      );
      expect(pullRequest.if).toBe("needs.target.outputs.environment != 'dev'");
      const direct = steps.find(s => String(s.run ?? '').includes('git push'));
      expect(direct.if).toBe("needs.target.outputs.environment == 'dev'");
    });

    it('plans Terraform on pull requests and applies it on main, per environment with its own OIDC role and the committed lock file', () => {
      const doc = yaml.parse(workflow('terraform.yaml'));
      expect(Object.keys(doc.on).sort()).toEqual(['pull_request', 'push']);
      expect(doc.on.push.branches).toEqual(['main']);
      expect(doc.env.AWS_REGION).toBe(x.region);
      const job = doc.jobs.terraform;
      expect(job.strategy).toMatchObject({
        'max-parallel': 1,
        matrix: { environment: x.environments },
      });
      expect(job.environment).toBe('${{ matrix.environment }}');
      expect(job.permissions).toEqual({
        contents: 'read',
        'id-token': 'write',
      });
      expect(job.defaults.run['working-directory']).toBe(
        'terraform/environments/${{ matrix.environment }}',
      );
      const steps: any[] = job.steps;
      const credentials = steps.find(step =>
        step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(credentials.with['role-to-assume']).toBe(
        '${{ secrets.TERRAFORM_ROLE_ARN }}',
      );
      const runs = steps.filter(step => step.run);
      expect(runs.map(step => [step.run, step.if])).toEqual([
        ['terraform init -input=false -lockfile=readonly', undefined],
        ['terraform plan -input=false -lock-timeout=5m -out=tfplan', undefined],
        [
          'terraform apply -input=false -lock-timeout=5m tfplan',
          "github.event_name == 'push'",
        ],
      ]);
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
