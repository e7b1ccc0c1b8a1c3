import type { z as zod } from 'zod/v3';
import { LOCAL_GIT_REPO_NAME_PATTERN } from '../localGit/names';

type Zod = typeof zod;

/** The `repoName` input of the local git actions. */
export function repoNameInput(description: string) {
  return (z: Zod) =>
    z.string().max(63).regex(LOCAL_GIT_REPO_NAME_PATTERN).describe(description);
}

/** The commit author inputs both local git actions take, with the same defaults. */
export const gitAuthorInputs = {
  gitAuthorName: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Commit author name. Default: `scaffolder.defaultAuthor.name` or `Paved Scaffolder`',
      ),
  gitAuthorEmail: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Commit author email. Default: `scaffolder.defaultAuthor.email` or `scaffolder@paved.local`',
      ),
};
