import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { helmTemplate, makeTempDir, removeTempDir } from './helm';
import { run } from './helm/helm';
import {
  chartExpectationsOf,
  GUARDED_APIS,
  POD_SECURITY_GROUP_IDS,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { ParameterSetName } from './parameterSets';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';
import { WorkflowCommands } from './workflows/workflowCommands';

// The first deploy reaches the database: after `terraform apply` of an environment, the Terraform
// workflow writes the pods' security groups (output pod_security_group_ids) into
// values-<env>.yaml and opens a pull request when they changed, as the GitHub App of the
// promotions so Validate runs on it. The step's own `run:` runs here for real (bash, jq, git, a
// terraform that answers `output -json` and the yq stand-in) on the generated values files, and
// the real Helm renders the SecurityGroupPolicy from what it wrote.

const { service, helm, chartOf } = renderHelmChartsOfEverySet();
const STEP_ID = 'pod-security-groups';
const CHANGED = `steps.${STEP_ID}.outputs.changed == 'true'`;

let workDir: string | undefined;
let commands: WorkflowCommands;
beforeAll(async () => {
  workDir = await makeTempDir('paved-pod-security-groups-');
  commands = await WorkflowCommands.create(workDir);
});
afterAll(() => removeTempDir(workDir));

async function git(cwd: string, ...args: string[]) {
  const result = await run('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_AUTHOR_NAME: 'checks',
      GIT_AUTHOR_EMAIL: 'checks@example.com',
      GIT_COMMITTER_NAME: 'checks',
      GIT_COMMITTER_EMAIL: 'checks@example.com',
    },
  });
  if (result.code !== 0)
    throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Services with a database or a cache: their pods get a security group of their own. */
const hasPodSecurityGroup = (set: ParameterSetName) => {
  const x = chartExpectationsOf(set);
  return x.postgres || x.redis;
};
const terraformWorkflow = (set: ParameterSetName) =>
  service.yamlFile(set, '.github/workflows/terraform.yaml');
const actionSteps = (steps: any[]) => ({
  write: steps.find(s => s.id === STEP_ID),
  appToken: steps.find(s =>
    s.uses?.startsWith('actions/create-github-app-token@'),
  ),
  pullRequest: steps.find(s =>
    s.uses?.startsWith('peter-evans/create-pull-request@'),
  ),
});

describe.each(PARAMETER_SETS.filter(set => !hasPodSecurityGroup(set)))(
  'the Terraform workflow of %s, a service without a database or a cache',
  set => {
    it('has no pod security group to write', () => {
      const doc = terraformWorkflow(set);
      const { write, appToken, pullRequest } = actionSteps(
        doc.jobs.terraform.steps,
      );
      expect([write, appToken, pullRequest, doc.env.CHART]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });
  },
);

describe.each(PARAMETER_SETS.filter(hasPodSecurityGroup))(
  'the Terraform workflow of %s',
  set => {
    const x = chartExpectationsOf(set);
    const workflow = () => terraformWorkflow(set);
    const steps = (): any[] => workflow().jobs.terraform.steps;

    it('writes the pod security groups after each apply and opens a pull request as the app when they changed', () => {
      const doc = workflow();
      // The pull request is the app's: the job's own token stays read-only.
      expect(doc.jobs.terraform.permissions).toEqual({
        contents: 'read',
        'id-token': 'write',
      });
      const all = steps();
      const { write, appToken, pullRequest } = actionSteps(all);
      expect(doc.env.CHART).toBe(`charts/${x.name}`);
      const apply = all.findIndex(s => /terraform apply/.test(s.run ?? ''));
      expect(write.if).toBe(all[apply].if);
      expect(all.indexOf(write)).toBe(apply + 1);
      expect(appToken).toMatchObject({
        id: 'app-token',
        if: CHANGED,
        with: {
          'app-id': '${{ secrets.PROMOTION_APP_ID }}',
          'private-key': '${{ secrets.PROMOTION_APP_PRIVATE_KEY }}',
        },
      });
      expect(pullRequest).toMatchObject({
        if: CHANGED,
        with: {
          token: '${{ steps.app-token.outputs.token }}',
          branch: 'pod-security-groups/${{ matrix.environment }}',
          // Only the values file; the plan and .terraform/ of the job stay out.
          'add-paths': '${{ env.CHART }}/values-${{ matrix.environment }}.yaml',
        },
      });
      expect(all.indexOf(appToken)).toBeGreaterThan(all.indexOf(write));
      expect(all.indexOf(pullRequest)).toBeGreaterThan(all.indexOf(appToken));
      // The same pins as the promotions'.
      const promote = service.file(set, '.github/workflows/promote.yaml');
      expect(promote).toContain(pullRequest.uses);
      expect(promote).toContain(appToken.uses);
    });

    it('writes what terraform outputs into values-<env>.yaml, only when it changed, and the chart gives it to the pods', async () => {
      const repo = service.repositoryOf(set).dir;
      await git(repo, 'init', '-q', '-b', 'main');
      await git(repo, 'add', '-A');
      await git(repo, 'commit', '-q', '-m', 'generated');
      const doc = workflow();
      const step = steps().find(s => s.id === STEP_ID);
      const env = x.envs[0];
      const valuesFile = chartOf(set).valuesFile(env);
      const before = yaml.parse(await fs.readFile(valuesFile, 'utf8'));
      const writeGroups = (output: string | undefined) =>
        commands.bash(step.run, {
          cwd: path.join(
            repo,
            doc.jobs.terraform.defaults.run['working-directory'].replace(
              '${{ matrix.environment }}',
              env,
            ),
          ),
          env: {
            ...doc.env,
            ENVIRONMENT: step.env.ENVIRONMENT.replace(
              '${{ matrix.environment }}',
              env,
            ),
            GITHUB_WORKSPACE: repo,
            ...(output === undefined
              ? {}
              : { TERRAFORM_OUTPUT_pod_security_group_ids: output }),
          },
        });

      const first = await writeGroups(JSON.stringify(POD_SECURITY_GROUP_IDS));
      expect({ code: first.code, stderr: first.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      expect(first.githubOutput).toEqual({ changed: 'true' });
      const written = yaml.parse(await fs.readFile(valuesFile, 'utf8'));
      expect(written).toEqual({
        ...before,
        podSecurityGroups: { groupIds: POD_SECURITY_GROUP_IDS },
      });
      const objects = await helmTemplate(helm(4), chartOf(set).dir, {
        releaseName: x.name,
        namespace: `${x.name}-${env}`,
        valuesFiles: [valuesFile],
        apiVersions: [...GUARDED_APIS, 'vpcresources.k8s.aws/v1beta1'],
      });
      expect(
        objects
          .filter(o => o.kind === 'SecurityGroupPolicy')
          .map(o => o.spec.securityGroups.groupIds),
      ).toEqual([POD_SECURITY_GROUP_IDS]);

      // Merged: the next apply with the same groups opens nothing.
      await git(repo, 'commit', '-q', '-am', 'pod security groups');
      const again = await writeGroups(JSON.stringify(POD_SECURITY_GROUP_IDS));
      expect([again.code, again.githubOutput]).toEqual([
        0,
        { changed: 'false' },
      ]);

      const replaced = ['sg-0aaaaaaaaaaaaaaaa', POD_SECURITY_GROUP_IDS[1]];
      const changed = await writeGroups(JSON.stringify(replaced));
      expect([changed.code, changed.githubOutput]).toEqual([
        0,
        { changed: 'true' },
      ]);
      expect(
        yaml.parse(await fs.readFile(valuesFile, 'utf8')).podSecurityGroups,
      ).toEqual({ groupIds: replaced });
      await git(repo, 'checkout', '-q', '--', '.');

      // What is not a list of security groups stops the job and leaves the file alone.
      for (const output of [
        '[]',
        'null',
        '["sg-0123456789abcdef0", "subnet-0123456789abcdef0"]',
        undefined,
      ]) {
        const refused = await writeGroups(output);
        expect({
          output,
          code: refused.code === 0,
          out: refused.githubOutput,
        }).toEqual({
          output,
          code: false,
          out: {},
        });
        expect(await git(repo, 'status', '--porcelain')).toBe('');
      }
    });
  },
);
