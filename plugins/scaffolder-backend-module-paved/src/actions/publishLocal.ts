import fs from 'node:fs';
import { join } from 'node:path';
import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LocalGitDirectory } from '../localGit/LocalGitDirectory';
import {
  assertBranchName,
  assertRepoName,
  LOCAL_GIT_REF_NAME_PATTERN,
  LOCAL_GIT_REPO_NAME_PATTERN,
  normalizeRepoPath,
} from '../localGit/names';
import {
  previewRepository,
  publishRepository,
} from '../localGit/publishRepository';
import { examples } from './publishLocal.examples';

/**
 * Options for {@link createPublishLocalAction}.
 *
 * @public
 */
export interface PublishLocalActionOptions {
  /**
   * Reads `paved.localGit.directory`, `scaffolder.defaultAuthor.name`,
   * `scaffolder.defaultAuthor.email` and `scaffolder.defaultCommitMessage`.
   */
  config: Config;
}

const DEFAULT_AUTHOR = {
  name: 'Paved Scaffolder',
  email: 'scaffolder@paved.local',
};
const SIGNATURE_PATTERN = /^[^<>\r\n]+$/;

function signaturePart(value: string, what: string): string {
  const trimmed = value.trim();
  if (!SIGNATURE_PATTERN.test(trimmed)) {
    throw new InputError(
      `Invalid ${what} '${value}': it must be non-empty and contain no '<', '>' or line breaks`,
    );
  }
  return trimmed;
}

async function resolveSourceDir(
  workspacePath: string,
  sourcePath: string | undefined,
): Promise<string> {
  const problem = `sourcePath '${sourcePath}' must be a directory inside the workspace`;
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

/**
 * `paved:publish:local` commits the workspace into a new bare repository below
 * `paved.localGit.directory` and outputs `file:` URLs the catalog can read back, so templates can
 * publish and register without any SCM host or token.
 *
 * @public
 */
export function createPublishLocalAction(options: PublishLocalActionOptions) {
  const { config } = options;
  const directory = LocalGitDirectory.fromConfig(config);
  const defaultAuthor = {
    name:
      config.getOptionalString('scaffolder.defaultAuthor.name') ??
      DEFAULT_AUTHOR.name,
    email:
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      DEFAULT_AUTHOR.email,
  };
  const defaultCommitMessage =
    config.getOptionalString('scaffolder.defaultCommitMessage') ??
    'Initial commit';

  return createTemplateAction({
    id: 'paved:publish:local',
    description:
      'Commits the workspace into a new bare git repository on the backend host and outputs ' +
      'URLs the catalog can read, without any SCM host or token',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .max(63)
            .regex(LOCAL_GIT_REPO_NAME_PATTERN)
            .describe(
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
        gitAuthorName: z =>
          z
            .string()
            .optional()
            .describe(
              'Commit author name. Default: `scaffolder.defaultAuthor.name` or `Paved Scaffolder`',
            ),
        gitAuthorEmail: z =>
          z
            .string()
            .optional()
            .describe(
              'Commit author email. Default: `scaffolder.defaultAuthor.email` or `scaffolder@paved.local`',
            ),
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
      assertBranchName(branch);
      const catalogInfoPath = normalizeRepoPath(
        input.catalogInfoPath ?? '/catalog-info.yaml',
        'catalogInfoPath',
      );
      if (!catalogInfoPath) {
        throw new InputError('catalogInfoPath must name a file');
      }
      const message = input.commitMessage?.trim() || defaultCommitMessage;
      const author = {
        name: signaturePart(
          input.gitAuthorName ?? defaultAuthor.name,
          'gitAuthorName',
        ),
        email: signaturePart(
          input.gitAuthorEmail ?? defaultAuthor.email,
          'gitAuthorEmail',
        ),
      };
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
