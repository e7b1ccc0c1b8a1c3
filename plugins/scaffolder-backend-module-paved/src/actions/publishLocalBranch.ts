import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { repositoryChangePermission } from '@paved/plugin-paved-common';
import { EntityAccess } from '../authorization/EntityAccess';
import { ServiceRepositories } from '../authorization/ServiceRepositories';
import { CommitDefaults } from '../localGit/commitAuthor';
import { TreeChange } from '../localGit/diffTrees';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  assertBranchName,
  LOCAL_GIT_REF_NAME_PATTERN,
} from '../localGit/names';
import {
  previewBranch,
  publishBranch,
  PublishBranchResult,
} from '../localGit/publishBranch';
import { resolveSourceDir } from '../localGit/sourceDirectory';
import { gitAuthorInputs } from './localGitInputs';
import { examples } from './publishLocalBranch.examples';

/**
 * Options for {@link createPublishLocalBranchAction}.
 *
 * @public
 */
export interface PublishLocalBranchActionOptions {
  /** Where the repositories are; the backend's is `localGitDirectoryServiceRef`. */
  directory: LocalGitDirectory;
  /** The author and message of commits whose step gives none. */
  commitDefaults: CommitDefaults;
  /** Decides whether the user may change the entity's repository. */
  access: EntityAccess;
  /** Finds the repository an entity was registered from. */
  repositories: ServiceRepositories;
}

/**
 * How many paths `compareSummary.files` lists at most.
 *
 * @public
 */
export const COMPARE_SUMMARY_MAX_FILES = 50;

/**
 * The `compareSummary` output of `paved:publish:local:branch`: the new branch versus its base.
 *
 * @public
 */
export type LocalBranchCompareSummary = {
  baseBranch: string;
  baseCommit: string;
  added: number;
  modified: number;
  deleted: number;
  /** The changed files sorted by path, at most {@link COMPARE_SUMMARY_MAX_FILES}. */
  files: TreeChange[];
  /** Whether `files` was cut short. */
  truncated: boolean;
};

function summarize(result: PublishBranchResult): LocalBranchCompareSummary {
  const count = (status: TreeChange['status']) =>
    result.changes.filter(change => change.status === status).length;
  return {
    baseBranch: result.baseBranch,
    baseCommit: result.baseCommit,
    added: count('added'),
    modified: count('modified'),
    deleted: count('deleted'),
    files: result.changes.slice(0, COMPARE_SUMMARY_MAX_FILES),
    truncated: result.changes.length > COMPARE_SUMMARY_MAX_FILES,
  };
}

/**
 * `paved:publish:local:branch` proposes a change to the local repository a catalog entity was
 * registered from, the way a pull request would: the workspace becomes one new commit on top of
 * the base branch, on a new branch, and no existing branch moves. Only the entity's owners and
 * the admins may (`paved.repository.change`).
 *
 * @public
 */
export function createPublishLocalBranchAction(
  options: PublishLocalBranchActionOptions,
) {
  const { directory, commitDefaults, access, repositories } = options;

  return createTemplateAction({
    id: 'paved:publish:local:branch',
    description:
      'Commits the workspace onto a new branch of an existing local git repository, like a pull ' +
      'request: one commit on top of the base branch, no existing branch moves',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .max(300)
            .describe(
              'The catalog entity whose local repository gets the branch (the one it was registered from)',
            ),
        branchName: z =>
          z
            .string()
            .regex(LOCAL_GIT_REF_NAME_PATTERN)
            .describe(
              'The branch to create: letters, digits, `.`, `_` and `-`, no `/`; it must not exist',
            ),
        baseBranch: z =>
          z
            .string()
            .regex(LOCAL_GIT_REF_NAME_PATTERN)
            .optional()
            .describe(
              "Branch whose tip becomes the commit's parent. Default: the branch the repository's HEAD names",
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Subdirectory of the workspace that becomes the whole tree of the commit. Default: the whole workspace',
            ),
        commitMessage: z =>
          z.string().min(1).describe('Commit message of the proposed change'),
        ...gitAuthorInputs,
      },
      output: {
        remoteUrl: z =>
          z
            .string()
            .describe('`file:` URL of the bare repository, for `git clone`'),
        branchName: z => z.string().describe('The branch that was created'),
        commitHash: z =>
          z.string().describe('The commit the new branch points at'),
        branchUrl: z =>
          z.string().describe('URL of the root of the tree on the new branch'),
        compareSummary: z =>
          z
            .object({
              baseBranch: z.string(),
              baseCommit: z.string(),
              added: z.number(),
              modified: z.number(),
              deleted: z.number(),
              files: z.array(
                z.object({
                  status: z.enum(['added', 'modified', 'deleted']),
                  path: z.string(),
                }),
              ),
              truncated: z.boolean(),
            })
            .describe(
              `The branch versus its base: counts of added, modified and deleted files and the first ${COMPARE_SUMMARY_MAX_FILES} of them`,
            ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      assertBranchName(input.branchName, 'branchName');
      if (input.baseBranch !== undefined) {
        assertBranchName(input.baseBranch, 'baseBranch');
      }
      const message = input.commitMessage.trim();
      if (!message) {
        throw new InputError('commitMessage: must not be empty');
      }
      const author = commitDefaults.resolveAuthor(input);
      const sourceDir = await resolveSourceDir(
        ctx.workspacePath,
        input.sourcePath,
      );
      const entity = await access.authorize({
        entityRef: input.entityRef,
        field: 'entityRef',
        permission: repositoryChangePermission,
        credentials: await ctx.getInitiatorCredentials(),
        purpose: 'propose a branch to',
      });
      const repository = repositories.of(entity);
      if (repository.target !== 'local') {
        throw new InputError(
          `entityRef: ${input.entityRef} lives in ${repository.host}/${repository.owner}/${repository.repo}; propose changes to it with publish:github:pull-request`,
        );
      }
      const { repoName } = repository;

      const remoteUrl = directory.remoteUrl(repoName);
      const build = {
        sourceDir,
        gitdir: directory.repositoryPath(repoName),
        branch: input.branchName,
        baseBranch: input.baseBranch,
        message,
        author,
      };
      let result: {
        commitHash: string;
        compareSummary: LocalBranchCompareSummary;
      };
      if (ctx.isDryRun) {
        const preview = await previewBranch(build);
        result = {
          commitHash: preview.commitHash,
          compareSummary: summarize(preview),
        };
        ctx.logger.info(
          `Dry run: would create the branch ${input.branchName} of ${remoteUrl} on top of ${preview.baseBranch} (${preview.changes.length} changed files)`,
        );
      } else {
        result = await ctx.checkpoint({
          key: `paved.publish.local.branch.${repoName}.${input.branchName}`,
          fn: async () => {
            const published = await publishBranch(build);
            ctx.logger.info(
              `Created the branch ${input.branchName} of ${remoteUrl} at ${published.commitHash} on top of ${published.baseBranch} (${published.changes.length} changed files)`,
            );
            return {
              commitHash: published.commitHash,
              compareSummary: summarize(published),
            };
          },
        });
      }
      if (
        result.compareSummary.added +
          result.compareSummary.modified +
          result.compareSummary.deleted ===
        0
      ) {
        ctx.logger.warn(
          `The branch ${input.branchName} has the same files as ${result.compareSummary.baseBranch}`,
        );
      }

      ctx.output('remoteUrl', remoteUrl);
      ctx.output('branchName', input.branchName);
      ctx.output('commitHash', result.commitHash);
      ctx.output('branchUrl', directory.treeUrl(repoName, input.branchName));
      ctx.output('compareSummary', result.compareSummary);
    },
  });
}
