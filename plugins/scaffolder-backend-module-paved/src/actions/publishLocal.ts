import fs from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CommitDefaults } from '../localGit/commitAuthor';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  assertBranchName,
  assertRepoName,
  LOCAL_GIT_REF_NAME_PATTERN,
  normalizeRepoPath,
} from '../localGit/names';
import {
  previewRepository,
  publishRepository,
} from '../localGit/publishRepository';
import { resolveSourceDir } from '../localGit/sourceDirectory';
import { gitAuthorInputs, repoNameInput } from './localGitInputs';
import { examples } from './publishLocal.examples';

/**
 * Options for {@link createPublishLocalAction}.
 *
 * @public
 */
export interface PublishLocalActionOptions {
  /** Where the repositories are; the backend's is `localGitDirectoryServiceRef`. */
  directory: LocalGitDirectory;
  /** The author and message of commits whose step gives none. */
  commitDefaults: CommitDefaults;
}

/**
 * `paved:publish:local` commits the workspace into a new bare repository below
 * `paved.localGit.directory` and outputs `file:` URLs the catalog can read back, so templates can
 * publish and register without any SCM host or token.
 *
 * @public
 */
export function createPublishLocalAction(options: PublishLocalActionOptions) {
  const { directory, commitDefaults } = options;

  return createTemplateAction({
    id: 'paved:publish:local',
    description:
      'Commits the workspace into a new bare git repository on the backend host and outputs ' +
      'URLs the catalog can read, without any SCM host or token',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: repoNameInput(
          'Repository name, a DNS-1123 label: lowercase letters, digits and dashes, at most 63 characters',
        ),
        defaultBranch: z =>
          z
            .string()
            .regex(LOCAL_GIT_REF_NAME_PATTERN)
            .optional()
            .describe('Branch to commit to. Default: `main`'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Subdirectory of the workspace to publish. Default: the whole workspace',
            ),
        commitMessage: z =>
          z
            .string()
            .optional()
            .describe(
              'Commit message. Default: `scaffolder.defaultCommitMessage` or `Initial commit`',
            ),
        ...gitAuthorInputs,
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the catalog descriptor in the repository. Default: `/catalog-info.yaml`',
            ),
      },
      output: {
        remoteUrl: z =>
          z
            .string()
            .describe('`file:` URL of the bare repository, for `git clone`'),
        repoContentsUrl: z =>
          z
            .string()
            .describe('URL of the root of the committed tree on the branch'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('URL of the catalog descriptor, for `catalog:register`'),
        commitHash: z => z.string().describe('The commit that was created'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      assertRepoName(input.repoName);
      const branch = input.defaultBranch ?? 'main';
      assertBranchName(branch, 'defaultBranch');
      const catalogInfoPath = normalizeRepoPath(
        input.catalogInfoPath ?? '/catalog-info.yaml',
        'catalogInfoPath',
      );
      if (!catalogInfoPath) {
        throw new InputError('catalogInfoPath: must name a file');
      }
      const message = input.commitMessage?.trim() || commitDefaults.message;
      const author = commitDefaults.resolveAuthor(input);
      const sourceDir = await resolveSourceDir(
        ctx.workspacePath,
        input.sourcePath,
      );
      const catalogInfo = await fs.promises
        .lstat(join(sourceDir, catalogInfoPath))
        .catch(() => undefined);
      if (!catalogInfo?.isFile()) {
        ctx.logger.warn(
          `${catalogInfoPath} is not in the published files, so catalogInfoUrl will not resolve`,
        );
      }

      const remoteUrl = directory.remoteUrl(input.repoName);
      const build = {
        sourceDir,
        gitdir: directory.repositoryPath(input.repoName),
        branch,
        message,
        author,
      };
      let commitHash: string;
      if (ctx.isDryRun) {
        ({ commitHash } = await previewRepository(build));
        ctx.logger.info(`Dry run: would publish to ${remoteUrl}`);
      } else {
        commitHash = await ctx.checkpoint({
          key: `paved.publish.local.${input.repoName}`,
          fn: async () => {
            const result = await publishRepository(build);
            ctx.logger.info(
              `Published ${result.fileCount} files to ${remoteUrl} (${branch} at ${result.commitHash})`,
            );
            return result.commitHash;
          },
        });
      }

      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', directory.treeUrl(input.repoName, branch));
      ctx.output(
        'catalogInfoUrl',
        directory.blobUrl(input.repoName, branch, catalogInfoPath),
      );
      ctx.output('commitHash', commitHash);
    },
  });
}
