import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * A commit author or committer, without the time.
 *
 * @public
 */
export interface CommitAuthor {
  /** Display name, without `<`, `>` or line breaks. */
  name: string;
  /** Email address, without `<`, `>` or line breaks. */
  email: string;
}

/** The author used when neither the step nor `scaffolder.defaultAuthor` gives one. @internal */
const DEFAULT_COMMIT_AUTHOR: CommitAuthor = {
  name: 'Paved Scaffolder',
  email: 'scaffolder@paved.local',
};

const DEFAULT_COMMIT_MESSAGE = 'Initial commit';

const SIGNATURE_PATTERN = /^[^<>\r\n]+$/;

/**
 * Trims a name or email for a commit header, refusing what could forge another header or
 * identity (`<`, `>`, line breaks) and empty values.
 *
 * @internal
 */
function signaturePart(value: string, field: string): string {
  const trimmed = value.trim();
  if (!SIGNATURE_PATTERN.test(trimmed)) {
    throw new InputError(
      `${field}: '${value}' must be non-empty and contain no '<', '>' or line breaks`,
    );
  }
  return trimmed;
}

/**
 * The commit settings the local publish actions share: `scaffolder.defaultAuthor` and
 * `scaffolder.defaultCommitMessage`, the standard scaffolder keys.
 *
 * @public
 */
export class CommitDefaults {
  /** Reads `scaffolder.defaultAuthor.{name,email}` and `scaffolder.defaultCommitMessage`. */
  static fromConfig(config: Config): CommitDefaults {
    return new CommitDefaults(
      {
        name:
          config.getOptionalString('scaffolder.defaultAuthor.name') ??
          DEFAULT_COMMIT_AUTHOR.name,
        email:
          config.getOptionalString('scaffolder.defaultAuthor.email') ??
          DEFAULT_COMMIT_AUTHOR.email,
      },
      config.getOptionalString('scaffolder.defaultCommitMessage') ??
        DEFAULT_COMMIT_MESSAGE,
    );
  }

  /** Uses the given author and message, each defaulting as when config leaves it unset. */
  static create(
    options: { author?: Partial<CommitAuthor>; message?: string } = {},
  ): CommitDefaults {
    return new CommitDefaults(
      { ...DEFAULT_COMMIT_AUTHOR, ...options.author },
      options.message ?? DEFAULT_COMMIT_MESSAGE,
    );
  }

  /** The author of a commit whose step names none. */
  readonly author: CommitAuthor;
  /** The message of a commit whose step gives none. */
  readonly message: string;

  private constructor(author: CommitAuthor, message: string) {
    this.author = author;
    this.message = message;
  }

  /**
   * The author of a step's commit: its `gitAuthorName`/`gitAuthorEmail`, else the defaults,
   * validated either way.
   *
   * @throws InputError when a field could forge a commit header.
   */
  resolveAuthor(input: {
    gitAuthorName?: string;
    gitAuthorEmail?: string;
  }): CommitAuthor {
    return {
      name: signaturePart(
        input.gitAuthorName ?? this.author.name,
        'gitAuthorName',
      ),
      email: signaturePart(
        input.gitAuthorEmail ?? this.author.email,
        'gitAuthorEmail',
      ),
    };
  }
}
