import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import git from 'isomorphic-git';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import { readLimitsFromConfig } from './readLimits';
import {
  createTestReader,
  createTestRepository,
  packTestRepository,
} from './__testUtils__/testRepository';

const bytes = (count: number) => 'x'.repeat(count);

describe('LocalGitUrlReader limits', () => {
  const root = createMockDirectory();
  const directory = LocalGitDirectory.create({
    directory: root.resolve('git'),
  });
  const reader = createTestReader(directory, {
    maxFileBytes: 100,
    maxTreeFiles: 3,
    maxTreeBytes: 150,
  });
  const blob = (repo: string, path: string) =>
    directory.blobUrl(repo, 'main', path);
  const tree = (repo: string, path: string) =>
    directory.treeUrl(repo, 'main', path);
  const refusedBy = (key: string) =>
    expect.objectContaining({
      name: 'NotAllowedError',
      message: expect.stringContaining(`paved.localGit.reader.${key}`),
    });
  const readBlob = jest.spyOn(git, 'readBlob');

  beforeAll(async () => {
    const files = {
      'big.bin': bytes(200),
      'bigdir/big.bin': bytes(200),
      'small/a.txt': bytes(60),
      'small/b.txt': bytes(60),
      'medium/a.txt': bytes(90),
      'medium/b.txt': bytes(90),
      'many/1': '1',
      'many/2': '2',
      'many/3': '3',
      'many/4': '4',
    };
    await createTestRepository(directory.repositoryPath('limits'), files);
    const { oids } = await createTestRepository(
      directory.repositoryPath('packed'),
      files,
    );
    await packTestRepository(directory.repositoryPath('packed'), oids);
    await createTestRepository(directory.repositoryPath('stream'), {
      '1.bin': bytes(64 * 1024),
      '2.bin': bytes(64 * 1024),
      '3.bin': bytes(64 * 1024),
      '4.bin': bytes(64 * 1024),
    });
  });

  beforeEach(() => readBlob.mockClear());

  // `limits` holds loose objects, as `paved:publish:local` writes them; `packed` the same files
  // in a pack, as after `git gc`, which are measured by loading them.
  describe.each(['limits', 'packed'])('in repository %s', repo => {
    it('refuses a file over maxFileBytes', async () => {
      await expect(reader.readUrl(blob(repo, 'big.bin'))).rejects.toEqual(
        refusedBy('maxFileBytes'),
      );
      await expect(reader.readTree(tree(repo, 'bigdir'))).rejects.toEqual(
        refusedBy('maxFileBytes'),
      );
      await expect(reader.search(blob(repo, 'bigdir/*'))).rejects.toEqual(
        refusedBy('maxFileBytes'),
      );
      const small = await reader.readUrl(blob(repo, 'small/a.txt'));
      expect((await small.buffer()).toString()).toBe(bytes(60));
    });

    it('refuses a directory with more files than maxTreeFiles', async () => {
      await expect(reader.readTree(tree(repo, 'many'))).rejects.toEqual(
        refusedBy('maxTreeFiles'),
      );
      await expect(reader.search(blob(repo, 'many/*'))).rejects.toEqual(
        refusedBy('maxTreeFiles'),
      );
      const small = await reader.readTree(tree(repo, 'small'));
      expect((await small.files()).map(file => file.path).sort()).toEqual([
        'a.txt',
        'b.txt',
      ]);
    });

    it('refuses files that add up to more than maxTreeBytes, after the filter', async () => {
      await expect(reader.readTree(tree(repo, 'medium'))).rejects.toEqual(
        refusedBy('maxTreeBytes'),
      );
      await expect(reader.search(blob(repo, 'medium/*.txt'))).rejects.toEqual(
        refusedBy('maxTreeBytes'),
      );
      const filtered = await reader.readTree(tree(repo, 'medium'), {
        filter: path => path === 'a.txt',
      });
      expect((await filtered.files()).map(file => file.path)).toEqual([
        'a.txt',
      ]);
    });
  });

  it('sizes loose objects from their header, without loading them', async () => {
    await expect(reader.readUrl(blob('limits', 'big.bin'))).rejects.toEqual(
      refusedBy('maxFileBytes'),
    );
    await expect(reader.readTree(tree('limits', 'medium'))).rejects.toEqual(
      refusedBy('maxTreeBytes'),
    );
    expect(readBlob).not.toHaveBeenCalled();
  });

  it('loads a file only when its content is read', async () => {
    const response = await reader.readTree(tree('limits', 'small'));
    const files = await response.files();
    expect(readBlob).not.toHaveBeenCalled();
    expect((await files[0].content()).toString()).toBe(bytes(60));
    expect(readBlob).toHaveBeenCalledTimes(1);
  });

  it('streams an archive, loading the next file only as the consumer reads', async () => {
    const response = await createTestReader(directory).readTree(
      tree('stream', ''),
    );
    const archive = await response.archive();
    // Give the producer time to run ahead if it did not wait for the consumer.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(readBlob.mock.calls.length).toBeLessThan(4);

    let size = 0;
    for await (const chunk of archive) size += (chunk as Buffer).length;
    expect(readBlob).toHaveBeenCalledTimes(4);
    expect(size).toBeGreaterThan(4 * 64 * 1024);
  });

  it('reads the limits from config, with defaults, and refuses nonsense', () => {
    expect(readLimitsFromConfig(new ConfigReader({}))).toEqual({
      maxFileBytes: 50 * 1024 * 1024,
      maxTreeFiles: 10_000,
      maxTreeBytes: 200 * 1024 * 1024,
    });
    for (const value of [0, -1, 1.5]) {
      const config = new ConfigReader({
        paved: { localGit: { reader: { maxTreeFiles: value } } },
      });
      expect(() => readLimitsFromConfig(config)).toThrow(
        `paved.localGit.reader.maxTreeFiles: '${value}' must be`,
      );
    }
  });
});
