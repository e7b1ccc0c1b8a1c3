import fs from 'node:fs';
import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * Resolves a step's `sourcePath` (default: the whole workspace) to the real path of a directory
 * inside the workspace.
 *
 * @throws InputError when it is not a directory inside the workspace, symbolic links resolved.
 * @internal
 */
export async function resolveSourceDir(
  workspacePath: string,
  sourcePath: string | undefined,
): Promise<string> {
  const problem = `sourcePath: '${sourcePath}' must be a directory inside the workspace`;
  let candidate: string;
  try {
    candidate = resolveSafeChildPath(workspacePath, sourcePath ?? '.');
  } catch {
    throw new InputError(problem);
  }
  // resolveSafeChildPath only looks at the text; a symbolic link could still lead outside.
  const [realWorkspace, realSource] = await Promise.all([
    fs.promises.realpath(workspacePath),
    fs.promises.realpath(candidate).catch(() => undefined),
  ]);
  if (
    !realSource ||
    !isChildPath(realWorkspace, realSource) ||
    !(await fs.promises.stat(realSource)).isDirectory()
  ) {
    throw new InputError(problem);
  }
  return realSource;
}
