import { resolve } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { LocalGitDirectory } from './LocalGitDirectory';

describe('LocalGitDirectory', () => {
  const directory = LocalGitDirectory.create({ directory: '/srv/paved git' });
  const remote = 'file:///srv/paved%20git/web.git';

  it('resolves the configured directory against the working directory', () => {
    expect(
      LocalGitDirectory.fromConfig(
        new ConfigReader({ paved: { localGit: { directory: '../repos' } } }),
      ).root,
    ).toBe(resolve('../repos'));
    expect(LocalGitDirectory.fromConfig(new ConfigReader({})).root).toBe(
      resolve('.paved/git'),
    );
  });

  it('builds URLs that parse back to the same location', () => {
    expect(directory.remoteUrl('web')).toBe(remote);
    expect(directory.treeUrl('web', 'main')).toBe(`${remote}/tree/main/`);
    expect(directory.treeUrl('web', 'main', '/docs/')).toBe(
      `${remote}/tree/main/docs/`,
    );
    const blob = directory.blobUrl('web', 'v1.0', '/a b/#1.yaml');
    expect(blob).toBe(`${remote}/blob/v1.0/a%20b/%231.yaml`);

    expect(directory.parseUrl(blob)).toEqual({
      repoName: 'web',
      gitdir: '/srv/paved git/web.git',
      ref: 'v1.0',
      path: 'a b/#1.yaml',
    });
    expect(directory.parseUrl(`${remote}/tree/main/`)).toMatchObject({
      ref: 'main',
      path: '',
    });
    expect(directory.parseUrl(remote)).toEqual({
      repoName: 'web',
      gitdir: '/srv/paved git/web.git',
      path: '',
    });
    // Relative references in a descriptor resolve like on any git host.
    expect(
      directory.parseUrl(
        new URL('./docs/index.md', `${remote}/blob/main/catalog-info.yaml`),
      ),
    ).toMatchObject({ ref: 'main', path: 'docs/index.md' });
  });

  it('claims only file URLs below the directory', () => {
    const owns = (url: string) => directory.owns(new URL(url));
    expect(owns(`${remote}/blob/main/x`)).toBe(true);
    expect(owns('file:///srv/paved%20git')).toBe(false);
    expect(owns('file:///srv/other/web.git/blob/main/x')).toBe(false);
    expect(owns('file:///srv/paved%20git/../etc/passwd')).toBe(false);
    expect(owns('file:///srv/paved%20git/%2e%2e/etc/passwd')).toBe(false);
    expect(owns('file://evil.example.com/srv/paved%20git/web.git')).toBe(false);
    expect(owns('https://example.com/srv/paved%20git/web.git')).toBe(false);
  });

  it('rejects URLs below the directory that name no repository location', () => {
    for (const url of [
      'file:///srv/paved%20git/config',
      'file:///srv/paved%20git/.web.git.tmp-1/blob/main/x',
      'file:///srv/paved%20git/Web.git/blob/main/x',
      `${remote}/raw/main/x`,
      `${remote}/blob`,
      `${remote}/blob/HEAD/x`,
      `${remote}/blob/x.lock/x`,
      `${remote}/blob/main/x?ref=other`,
    ]) {
      expect(() => directory.parseUrl(url)).toThrow(
        expect.objectContaining({ name: 'InputError' }),
      );
    }
    expect(() => directory.remoteUrl('../x')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});
