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
      // Opened as a GitHub App, so the pull request starts Validate (the workflow's own token
      // starts no workflow).
      const appToken = steps.find(s =>
        s.uses?.startsWith('actions/create-github-app-token@'),
      );
      expect(appToken).toMatchObject({
        id: 'app-token',
        if: pullRequest.if,
        with: {
          'app-id': '${{ secrets.PROMOTION_APP_ID }}',
          'private-key': '${{ secrets.PROMOTION_APP_PRIVATE_KEY }}',
        },
      });
      expect(steps.indexOf(appToken)).toBeLessThan(steps.indexOf(pullRequest));
      expect(pullRequest.with.token).toBe(
        '${{ steps.app-token.outputs.token }}',
      );
      const direct = steps.find(s => String(s.run ?? '').includes('git push'));
      expect(direct.if).toBe("needs.target.outputs.environment == 'dev'");
      // Validate's chart checks run on the promoted values before dev's commit is pushed (and
      // before a pull request is opened): the same script, not a copy of its steps.
      const setImage = steps.findIndex(s => /yq -i/.test(s.run ?? ''));
      const validation = steps.findIndex(
        s => s.run === 'bash .github/scripts/validate-chart.sh "$ENVIRONMENT"',
      );
      expect(steps[validation]).toMatchObject({
        env: { ENVIRONMENT: '${{ needs.target.outputs.environment }}' },
      });
      expect(steps[validation].if).toBeUndefined();
      expect(setImage).toBeGreaterThan(-1);
      expect(validation).toBeGreaterThan(setImage);
      expect(validation).toBeLessThan(steps.indexOf(direct));
      expect(validation).toBeLessThan(steps.indexOf(pullRequest));
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
      // podSecurityGroupsWorkflow.test.ts checks the step after the apply.
      const runs = steps.filter(
        step => step.run && step.id !== 'pod-security-groups',
      );
      expect(runs.map(step => [step.run, step.if])).toEqual([
        ['bash .github/scripts/install-tools.sh terraform', undefined],
        ['terraform init -input=false -lockfile=readonly', undefined],
        ['terraform plan -input=false -lock-timeout=5m -out=tfplan', undefined],
        [
          'terraform apply -input=false -lock-timeout=5m tfplan',
          "github.event_name == 'push'",
        ],
      ]);
    });

    it('pins the tool checksums and the lock files the Terraform workflow requires, in a pull request that runs the checks', () => {
      const doc = yaml.parse(workflow('pin.yaml'));
      expect(doc.on).toEqual({
        workflow_dispatch: null,
        pull_request: { paths: ['.github/scripts/install-tools.sh'] },
      });
      expect(doc.jobs.pin.if).toBe("github.event_name == 'workflow_dispatch'");
      const steps: any[] = doc.jobs.pin.steps;
      const runs = steps.map(s => s.run).filter(Boolean);
      // Pinned first, so the terraform it installs next is checked against the new pins.
      expect(runs.slice(0, 2)).toEqual([
        'bash .github/scripts/install-tools.sh --pin',
        'bash .github/scripts/install-tools.sh terraform',
      ]);
      const lock = steps.find(s => /providers lock/.test(s.run ?? ''));
      // Every environment directory, so an environment added later is locked too.
      expect(lock.run).toContain('for dir in terraform/environments/*/; do');
      expect(lock.run).toContain(
        'terraform -chdir="$dir" init -backend=false -input=false -upgrade',
      );
      for (const platform of [
        'linux_amd64',
        'linux_arm64',
        'darwin_amd64',
        'darwin_arm64',
      ]) {
        expect(lock.run).toContain(`-platform=${platform}`);
      }
      const pullRequest = steps.find(s =>
        s.uses?.startsWith('peter-evans/create-pull-request@'),
      );
      expect(pullRequest.with.token).toBe(
        '${{ steps.app-token.outputs.token }}',
      );
      expect(pullRequest.with['add-paths'].trim().split('\n')).toEqual([
        '.github/tools.sha256',
        'terraform/environments/*/.terraform.lock.hcl',
      ]);
      expect(
        steps.find(s => s.uses?.startsWith('actions/create-github-app-token@'))
          .id,
      ).toBe('app-token');
      // What the lock files are for: the Terraform workflow installs exactly the locked providers.
      const terraform = yaml.parse(workflow('terraform.yaml'));
      expect(terraform.jobs.terraform.steps.map((s: any) => s.run)).toContain(
        'terraform init -input=false -lockfile=readonly',
      );
    });

    it("pushes a pull request's refreshed checksums with the App token, never running its code with a secret", () => {
      const text = workflow('pin.yaml');
      expect(text).not.toContain('pull_request_target');
      const { checksums, 'push-checksums': push } = yaml.parse(text).jobs;
      // Same-repository branches only: a fork's pull request gets no secrets.
      expect(checksums.if).toBe(
        "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository",
      );
      expect(JSON.stringify(checksums)).not.toContain('secrets.');
      expect(checksums.steps.map((s: any) => s.run).filter(Boolean)).toEqual([
        expect.stringMatching(
          /^bash \.github\/scripts\/install-tools\.sh --pin\n/,
        ),
      ]);
      expect(checksums.steps[0].with['persist-credentials']).toBe(false);
      expect(checksums.outputs['tools-sha256']).toBe(
        '${{ steps.pin.outputs.tools-sha256 }}',
      );
      // The job with the token runs nothing of the checkout: it checks and commits one file.
      expect(push.needs).toBe('checksums');
      const pushRuns: string[] = push.steps
        .map((s: any) => s.run)
        .filter(Boolean);
      expect(pushRuns).toHaveLength(1);
      expect(pushRuns[0]).not.toMatch(/\bbash\b|\.github\/scripts|\.\//);
      expect(pushRuns[0]).toContain(
        'git push origin "HEAD:refs/heads/$HEAD_REF"',
      );
      const checkout = push.steps.find((s: any) =>
        s.uses?.startsWith('actions/checkout@'),
      );
      expect(checkout.with).toEqual({
        ref: '${{ github.event.pull_request.head.sha }}',
        token: '${{ steps.app-token.outputs.token }}',
      });
    });

    it('installs every tool it runs with the pinned script, never a setup action or curl', () => {
      for (const name of WORKFLOWS) {
        const doc = yaml.parse(workflow(name));
        for (const [jobName, job] of Object.entries<any>(doc.jobs)) {
          const steps: any[] = job.steps ?? [];
          expect({
            name,
            jobName,
            setupActions: steps
              .map(s => s.uses ?? '')
              .filter((u: string) =>
                /setup-(helm|terraform|tflint)|kubeconform/.test(u),
              ),
            curl: steps.filter(s => /\bcurl\b/.test(s.run ?? '')).length,
          }).toEqual({ name, jobName, setupActions: [], curl: 0 });
          const installed = new Set<string>();
          for (const step of steps) {
            const run = String(step.run ?? '');
            const install =
              /^bash \.github\/scripts\/install-tools\.sh (.+)$/.exec(run);
            if (install) {
              install[1].split(' ').forEach(t => installed.add(t));
            }
            const used = ['helm', 'kubeconform', 'terraform', 'tflint'].filter(
              tool => !install && new RegExp(`(^|\\s|\\|)${tool}\\s`).test(run),
            );
            // The chart checks' script runs helm and kubeconform.
            if (run.includes('.github/scripts/validate-chart.sh')) {
              used.push('helm', 'kubeconform');
            }
            expect({
              name,
              jobName,
              missing: used.filter(t => !installed.has(t)),
            }).toEqual({ name, jobName, missing: [] });
          }
        }
      }
    });

    it('validates the chart per environment with the chart checks script, and the Terraform', () => {
      const text = workflow('validate.yaml');
      const doc = yaml.parse(text);
      expect(doc.jobs.helm.strategy.matrix.environment).toEqual(x.environments);
      expect(doc.jobs.helm.env.ENVIRONMENT).toBe('${{ matrix.environment }}');
      // One source of truth: validate-chart.sh (validateChartScript.test.ts runs it), which the
      // Promote workflow runs too; no workflow repeats its commands.
      expect(
        doc.jobs.helm.steps.map((s: any) => s.run).filter(Boolean),
      ).toEqual([
        'bash .github/scripts/install-tools.sh helm kubeconform',
        'bash .github/scripts/validate-chart.sh "$ENVIRONMENT"',
      ]);
      for (const name of ['validate.yaml', 'promote.yaml']) {
        expect({
          name,
          repeated: ['helm lint', 'helm template'].filter(command =>
            Object.values<any>(yaml.parse(workflow(name)).jobs)
              .flatMap(job => job.steps.map((s: any) => s.run ?? ''))
              .some(run => run.includes(command)),
          ),
        }).toEqual({ name, repeated: [] });
      }
      expect(doc.jobs.terraform.strategy.matrix.environment).toEqual(
        x.environments,
      );
      expect(doc.jobs.terraform.defaults.run['working-directory']).toBe(
        'terraform/environments/${{ matrix.environment }}',
      );
      for (const command of [
        'kubeconform',
        'terraform fmt -check',
        'terraform init -backend=false',
        'terraform validate',
        'tflint',
      ]) {
        expect(text).toContain(command);
      }
    });
  });
});
