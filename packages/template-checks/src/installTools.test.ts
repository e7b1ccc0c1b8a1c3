import fs from 'node:fs/promises';
import path from 'node:path';
import { renderServiceTemplateForEverySet } from './testing/renderedServiceTemplate';
import {
  FakeReleases,
  pinnedVersions,
  serveToolReleases,
  sha256,
  tarGz,
  ToolRelease,
} from './workflows/installTools';

// Runs the generated .github/scripts/install-tools.sh for real against releases served offline:
// the checksums pinned in .github/tools.sha256 (trust on first use), the fallback to the release's
// checksum list, and the `--pin` mode that writes the pins.

const { repositoryOf, file } = renderServiceTemplateForEverySet();
const TOOLS = ['helm', 'kubeconform', 'terraform', 'tflint'];

describe('the tools script of a generated repository', () => {
  const script = () => file('minimal', '.github/scripts/install-tools.sh');
  let work: string;
  let releases: FakeReleases;
  let tools: Record<string, ToolRelease>;

  beforeEach(async () => {
    work = await fs.mkdtemp(
      path.join(repositoryOf('minimal').dir, '..', 'install-tools-'),
    );
    releases = await FakeReleases.create(path.join(work, 'releases'));
    tools = await serveToolReleases(releases, work, pinnedVersions(script()));
  });

  /** A checkout of the generated scripts folder in `name`, with `pins` as .github/tools.sha256. */
  async function checkout(name: string, pins: string) {
    const dir = path.join(work, name);
    await fs.mkdir(path.join(dir, '.github/scripts'), { recursive: true });
    await fs.writeFile(
      path.join(dir, '.github/scripts/install-tools.sh'),
      script(),
    );
    await fs.writeFile(path.join(dir, '.github/tools.sha256'), pins);
    const run = (args: string[]) =>
      releases.runScript(
        path.join(dir, '.github/scripts/install-tools.sh'),
        args,
        path.join(dir, 'runner'),
      );
    return {
      install: (names: string[]) => run(names),
      pin: () => run(['--pin']),
      pins: () => fs.readFile(path.join(dir, '.github/tools.sha256'), 'utf8'),
      installed: () => fs.readdir(path.join(dir, 'runner', 'tools')),
      toolsDir: path.join(dir, 'runner', 'tools'),
    };
  }

  const pinLine = (release: ToolRelease, archive = release.archive) =>
    `${sha256(archive)}  ${release.url}\n`;
  const generatedPins = () => file('minimal', '.github/tools.sha256');

  it('pins a version of each tool, and Renovate finds every pin', () => {
    const versions = pinnedVersions(script());
    expect(versions).toEqual({
      helm: expect.stringMatching(/^v3\.\d+\.\d+$/),
      kubeconform: expect.stringMatching(/^v\d+\.\d+\.\d+$/),
      terraform: expect.stringMatching(/^1\.\d+\.\d+$/),
      tflint: expect.stringMatching(/^v\d+\.\d+\.\d+$/),
    });
    const renovate = JSON.parse(file('minimal', 'renovate.json'));
    const [manager] = renovate.customManagers;
    expect(
      manager.managerFilePatterns.map((p: string) =>
        new RegExp(p.slice(1, -1)).test('.github/scripts/install-tools.sh'),
      ),
    ).toEqual([true]);
    const found = [
      ...script().matchAll(new RegExp(manager.matchStrings[0], 'g')),
    ].map(m => m.groups!.currentValue);
    expect(found).toEqual(Object.values(versions));
  });

  it('ships no checksum a person did not take from a release: the pins start empty', () => {
    expect(
      generatedPins()
        .split('\n')
        .filter(line => line && !line.startsWith('#')),
    ).toEqual([]);
  });

  it('falls back to the release checksum list, with a warning that says how to pin, while nothing is pinned', async () => {
    const repo = await checkout('new', generatedPins());
    const result = await repo.install(TOOLS);
    expect(result.code).toBe(0);
    expect(result.githubPath).toBe(`${repo.toolsDir}\n`);
    expect((await repo.installed()).sort()).toEqual(TOOLS);
    expect(result.stderr.trim().split('\n')).toEqual(
      TOOLS.map(
        tool =>
          `::warning::no SHA-256 pinned for ${tools[tool].url} in .github/tools.sha256, checked against its release's list only. To pin it, run the Pin workflow (Actions > Pin tool checksums and Terraform providers > Run workflow) and merge its pull request.`,
      ),
    );
  });

  it('writes the pins from the release lists with --pin, which a following install accepts without a warning', async () => {
    const repo = await checkout('pinned', generatedPins());
    const pinned = await repo.pin();
    expect({ code: pinned.code, stderr: pinned.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const pins = await repo.pins();
    expect(pins.split('\n').filter(l => l && !l.startsWith('#'))).toEqual(
      TOOLS.map(tool => pinLine(tools[tool]).trimEnd()),
    );
    // The header survives a refresh, so the file keeps explaining itself.
    expect(pins.startsWith(generatedPins())).toBe(true);

    const result = await repo.install(TOOLS);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect((await repo.installed()).sort()).toEqual(TOOLS);
  });

  it('refuses a download that differs from its pin even when the release list agrees with it', async () => {
    const repo = await checkout('replaced', pinLine(tools.helm));
    // The release asset and its checksum list, both replaced.
    const evil = await tarGz(work, { 'linux-amd64/helm': 'evil' });
    await releases.serve(tools.helm.url, evil);
    await releases.serve(
      tools.helm.checksumsUrl,
      `${sha256(evil)}  ${path.basename(tools.helm.url)}\n`,
    );
    const result = await repo.install(['helm']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `::error::${
        tools.helm.url
      } does not match the SHA-256 pinned in .github/tools.sha256 (${sha256(
        tools.helm.archive,
      )})`,
    );
    await expect(repo.installed()).resolves.toEqual([]);
  });

  it('checks a tool without a pin, such as a version Renovate just raised, against its release list', async () => {
    const repo = await checkout(
      'raised',
      `${pinLine(tools.helm)}${sha256(
        'an older terraform',
      )}  https://releases.hashicorp.com/terraform/1.0.0/terraform_1.0.0_linux_amd64.zip\n`,
    );
    const result = await repo.install(['helm', 'terraform']);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(
        `::warning::no SHA-256 pinned for ${tools.terraform.url}`,
      ),
    ]);
    expect((await repo.installed()).sort()).toEqual(['helm', 'terraform']);
  });

  it('refuses an unpinned download that differs from its release list, or is not on it', async () => {
    const repo = await checkout('unpinned', generatedPins());
    await releases.serve(
      tools.helm.url,
      await tarGz(work, { 'linux-amd64/helm': 'evil' }),
    );
    const tampered = await repo.install(['helm']);
    expect(tampered.code).not.toBe(0);
    expect(tampered.stderr).toContain(
      `::error::${path.basename(
        tools.helm.url,
      )} does not match its published SHA-256`,
    );
    await expect(repo.installed()).resolves.toEqual([]);

    // A checksum list without the file is no check at all.
    await releases.serve(tools.tflint.checksumsUrl, 'nothing here\n');
    const unlisted = await repo.install(['tflint']);
    expect(unlisted.code).not.toBe(0);
    expect(unlisted.stderr).toContain('no SHA-256 for tflint_linux_amd64.zip');
    await expect(repo.installed()).resolves.toEqual([]);
  });

  it('pins nothing when a release list lacks a tool, and keeps the pins it had', async () => {
    const repo = await checkout('unlisted-pin', generatedPins());
    await releases.serve(tools.tflint.checksumsUrl, 'nothing here\n');
    const result = await repo.pin();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no SHA-256 for tflint_linux_amd64.zip');
    await expect(repo.pins()).resolves.toBe(generatedPins());
  });
});
