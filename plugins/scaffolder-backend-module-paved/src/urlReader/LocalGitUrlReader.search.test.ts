import { createMockDirectory } from '@backstage/backend-test-utils';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  createTestReader,
  createTestRepository,
} from './__testUtils__/testRepository';

describe('LocalGitUrlReader search patterns', () => {
  const root = createMockDirectory();
  const directory = LocalGitDirectory.create({
    directory: root.resolve('git'),
  });
  const reader = createTestReader(directory);
  const blob = (path: string) => directory.blobUrl('search', 'main', path);
  const searchPaths = async (path: string) =>
    (await reader.search(blob(path))).files.map(file => file.url).sort();

  beforeAll(async () => {
    await createTestRepository(directory.repositoryPath('search'), {
      '{a,b}.yaml': 'literal',
      'a.yaml': 'a',
      'b.yaml': 'b',
      'x/a.yaml': 'x/a',
      'x/{{name}}.yaml': 'template',
      // What the brace bombs below would expand to.
      [`bombs/${'a'.repeat(20)}.yaml`]: 'a',
      'bombs/77777.yaml': '7',
    });
  });

  it('takes braces literally, with or without other glob characters', async () => {
    expect(await searchPaths('{a,b}.yaml')).toEqual([blob('{a,b}.yaml')]);
    expect(await searchPaths('**/{a,b}.yaml')).toEqual([blob('{a,b}.yaml')]);
    expect(await searchPaths('x/{{name}}.yaml')).toEqual([
      blob('x/{{name}}.yaml'),
    ]);
    expect(await searchPaths('x/*.yaml')).toEqual(
      [blob('x/a.yaml'), blob('x/{{name}}.yaml')].sort(),
    );
  });

  it('does not expand brace bombs: they match nothing', async () => {
    expect(await searchPaths(`*/${'{a,b}'.repeat(20)}.yaml`)).toEqual([]);
    expect(await searchPaths('**/{1..100000}.yaml')).toEqual([]);
    expect(await searchPaths('bombs/*.yaml')).toHaveLength(2);
  });

  it('refuses a pattern longer than 1024 characters', async () => {
    await expect(
      reader.search(blob(`${'a/'.repeat(600)}*.yaml`)),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('limit of 1024'),
    });
  });

  it('refuses more than two stars in one segment, which backtrack badly', async () => {
    await expect(reader.search(blob('*a*a*b.yaml'))).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining("more than 2 '*'"),
    });
    expect(await searchPaths('x/*.y*')).toHaveLength(2);
  });

  it('takes negation and extended globs literally', async () => {
    expect(await searchPaths('!(x)/*.yaml')).toEqual([]);
    expect(await searchPaths('!**/x/*.yaml')).toEqual([]);
  });
});
