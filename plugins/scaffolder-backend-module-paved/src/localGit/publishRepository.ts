import fs from 'node:fs';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ConflictError } from '@backstage/errors';
import {
  createBareRepository,
  CreateBareRepositoryOptions,
} from './createBareRepository';

/** @internal */
export type PublishRepositoryOptions = CreateBareRepositoryOptions;

async function exists(path: string): Promise<boolean> {
  try {
    await fs.promises.lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

/** @internal */
async function assertRepositoryAbsent(gitdir: string): Promise<void> {
  if (await exists(gitdir)) {
    throw new ConflictError(
      `The repository '${basename(
        gitdir,
      )}' already exists; it was left untouched`,
    );
  }
}

/**
 * Builds the repository next to its final place and renames it there, so the repository
 * appears whole or not at all and an existing one is never written to.
 *
 * @internal
 */
export async function publishRepository(
  options: PublishRepositoryOptions,
): Promise<{ commitHash: string; fileCount: number }> {
  const { gitdir } = options;
  await assertRepositoryAbsent(gitdir);
  await fs.promises.mkdir(dirname(gitdir), { recursive: true });
  const staging = await fs.promises.mkdtemp(
    join(dirname(gitdir), `.${basename(gitdir)}.tmp-`),
  );
  try {
    const result = await createBareRepository({ ...options, gitdir: staging });
    try {
      // rename() only replaces an empty directory, so a repository created meanwhile survives.
      await fs.promises.rename(staging, gitdir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') {
        await assertRepositoryAbsent(gitdir);
      }
      throw error;
    }
    return result;
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

/**
 * Computes the commit {@link publishRepository} would create, in a scratch directory that is
 * removed again, leaving the repository directory alone.
 *
 * @internal
 */
export async function previewRepository(
  options: PublishRepositoryOptions,
): Promise<{ commitHash: string; fileCount: number }> {
  await assertRepositoryAbsent(options.gitdir);
  const scratch = await fs.promises.mkdtemp(
    join(os.tmpdir(), 'paved-publish-dry-run-'),
  );
  try {
    return await createBareRepository({
      ...options,
      gitdir: join(scratch, basename(options.gitdir)),
    });
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}
