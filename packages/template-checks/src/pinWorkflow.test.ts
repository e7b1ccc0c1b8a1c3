import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { run } from './helm/helm';
import { renderServiceTemplateForEverySet } from './testing/renderedServiceTemplate';

// Runs the step of the generated pin workflow that holds the GitHub App token and pushes the
// checksums a pull request's job wrote to its branch: against a local remote, with git for real.

const { repositoryOf, file } = renderServiceTemplateForEverySet();
const BRANCH = 'renovate/helm-3.x';
const PIN = `${'a'.repeat(
  64,
)}  https://get.helm.sh/helm-v3.18.0-linux-amd64.tar.gz`;

describe('the pin workflow, on a pull request', () => {
  let work: string;

  const pushStep = () => {
    const doc = yaml.parse(file('minimal', '.github/workflows/pin.yaml'));
    return doc.jobs['push-checksums'].steps.find((s: any) => s.run).run;
  };
  const gitEnv = () => ({
    PATH: process.env.PATH,
    HOME: work,
    GIT_CONFIG_NOSYSTEM: '1',
  });
  const git = async (cwd: string, ...args: string[]) => {
    const result = await run(
      'git',
      [
        '-c',
        'user.name=Renovate',
        '-c',
        'user.email=bot@renovate.test',
        ...args,
      ],
      { cwd, env: gitEnv() },
    );
    if (result.code !== 0) throw new Error(`git ${args[0]}: ${result.stderr}`);
    return result.stdout.trim();
  };

  /** The pull request's branch in a remote, checked out as the step's checkout leaves it. */
  async function pullRequestCheckout() {
    const remote = path.join(work, 'remote.git');
    const clone = path.join(work, 'clone');
    await git(work, 'init', '--quiet', '--bare', remote);
    await git(work, 'clone', '--quiet', remote, clone);
    await git(clone, 'checkout', '--quiet', '-b', BRANCH);
    await fs.mkdir(path.join(clone, '.github'));
    await fs.writeFile(
      path.join(clone, '.github/tools.sha256'),
      file('minimal', '.github/tools.sha256'),
    );
    await git(clone, 'add', '.');
    await git(clone, 'commit', '--quiet', '-m', 'Update helm to v3.18.0');
    await git(clone, 'push', '--quiet', 'origin', BRANCH);
    // actions/checkout of the pull request's head SHA leaves HEAD detached at it.
    await git(clone, 'checkout', '--quiet', '--detach');
    return { remote, clone };
  }

  async function runPushStep(clone: string, toolsSha256: string) {
    // As GitHub runs a step: bash -e, with the step's env.
    return run(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', pushStep()],
      {
        cwd: clone,
        env: {
          ...gitEnv(),
          TOOLS_SHA256: toolsSha256,
          APP_SLUG: 'paved-promotions',
          HEAD_REF: BRANCH,
        },
      },
    );
  }

  beforeEach(async () => {
    work = await fs.mkdtemp(
      path.join(repositoryOf('minimal').dir, '..', 'pin-'),
    );
  });

  it('commits the refreshed checksums to the branch as the App', async () => {
    const { remote, clone } = await pullRequestCheckout();
    const pins = `${file('minimal', '.github/tools.sha256')}${PIN}`;
    const result = await runPushStep(clone, pins);
    expect(result).toMatchObject({ code: 0 });
    expect(await git(remote, 'show', `${BRANCH}:.github/tools.sha256`)).toBe(
      pins.trimEnd(),
    );
    expect(await git(remote, 'log', '-1', '--format=%an', BRANCH)).toBe(
      'paved-promotions[bot]',
    );
  });

  it('never moves a branch that got a newer commit meanwhile', async () => {
    const { remote, clone } = await pullRequestCheckout();
    const taken = await git(clone, 'rev-parse', 'HEAD');
    await git(clone, 'checkout', '--quiet', BRANCH);
    await git(clone, 'commit', '--quiet', '--allow-empty', '-m', 'Newer');
    await git(clone, 'push', '--quiet', 'origin', BRANCH);
    const newer = await git(remote, 'rev-parse', BRANCH);
    await git(clone, 'checkout', '--quiet', '--detach', taken);
    const result = await runPushStep(
      clone,
      `${file('minimal', '.github/tools.sha256')}${PIN}`,
    );
    expect(result.code).not.toBe(0);
    expect(await git(remote, 'rev-parse', BRANCH)).toBe(newer);
  });

  it('pushes nothing when the branch already has them', async () => {
    const { remote, clone } = await pullRequestCheckout();
    const before = await git(remote, 'rev-parse', BRANCH);
    const result = await runPushStep(
      clone,
      file('minimal', '.github/tools.sha256').trimEnd(),
    );
    expect(result).toMatchObject({ code: 0 });
    expect(await git(remote, 'rev-parse', BRANCH)).toBe(before);
  });

  it.each([
    ['a line that is no checksum', `${PIN}\nrm -rf /`],
    ['a checksum of the wrong length', `${'a'.repeat(63)}  https://x/y.zip`],
    ['a URL that is not https', `${'a'.repeat(64)}  http://x/y.zip`],
  ])(
    'refuses %s from the pull request, and pushes nothing',
    async (_, pins) => {
      const { remote, clone } = await pullRequestCheckout();
      const before = await git(remote, 'rev-parse', BRANCH);
      const result = await runPushStep(clone, pins);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        '::error::the checksums job wrote something other than checksums',
      );
      expect(await git(remote, 'rev-parse', BRANCH)).toBe(before);
    },
  );
});
