import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { linksInsideTree, removeEscapingLinks, TreeLink } from './safeLinks';

const FILES = ['a/file', 'b/c/file', 'top'];

const inside = (links: Record<string, string>, files = FILES) =>
  linksInsideTree(
    files,
    Object.entries(links).map(([path, target]) => ({ path, target })),
  )
    .map(link => link.path)
    .sort();

describe('linksInsideTree', () => {
  it('follows links, dot segments and trailing slashes the way the kernel does', () => {
    expect(
      inside({
        self: '.',
        'a/up-and-down': '../b/c/file',
        'a/to-dir': '../b/c/',
        'a/through-dir-link': 'to-dir/file',
        'b/through-self': '../self/self/top',
        'b/through-self-up': '../self/self/../top',
        'b/file-as-dir': '../top/',
        'b/up-from-file': '../top/../top',
      }),
    ).toEqual([
      'a/through-dir-link',
      'a/to-dir',
      'a/up-and-down',
      'b/through-self',
      'self',
    ]);
  });

  it('refuses absolute, climbing, dangling and looping links', () => {
    expect(
      inside({
        absolute: '/top',
        empty: '',
        climbing: '../top',
        'a/climbing': '../../top',
        dangling: 'missing',
        'loop-1': 'loop-2',
        'loop-2': 'loop-1',
        'to-loop': 'loop-1/file',
        kept: 'top',
      }),
    ).toEqual(['kept']);
  });

  it('refuses a chain of links longer than the kernel follows', () => {
    const chain = Object.fromEntries(
      Array.from({ length: 45 }, (_, i) => [`l${i}`, `l${i + 1}`]),
    );
    const result = inside({ ...chain, l45: 'top' });
    expect(result).not.toContain('l0');
    expect(result).toContain('l45');
  });

  it('leaves out a link that shares its path with another entry', () => {
    const links: TreeLink[] = [
      { path: 'q', target: 'top' },
      { path: 'q', target: '/etc/passwd' },
      { path: 'a', target: 'top' },
      { path: 'top', target: 'a/file' },
    ];
    expect(linksInsideTree(FILES, links)).toEqual([links[0]]);
  });
});

describe('removeEscapingLinks', () => {
  const dir = createMockDirectory();

  it('removes links whose real path leaves the directory, and those that led through them', async () => {
    dir.setContent({
      'out/file': 'x',
      'out/kept': ({ symlink }) => symlink('file'),
      'out/escape': ({ symlink }) => symlink(dir.resolve('outside')),
      'out/through-escape': ({ symlink }) => symlink('escape/../out/file'),
      'out/dangling': ({ symlink }) => symlink('missing'),
      'out/not-listed': ({ symlink }) => symlink('/etc'),
      outside: {},
    });
    await removeEscapingLinks(dir.resolve('out'), [
      'through-escape',
      'kept',
      'escape',
      'dangling',
      'absent',
    ]);
    expect(fs.readdirSync(dir.resolve('out')).sort()).toEqual([
      'file',
      'kept',
      'not-listed',
    ]);
  });
});
