import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';

/**
 * How much one read of the local git URL reader may load, so that one URL cannot make the
 * backend hold an arbitrarily large repository in memory.
 *
 * @public
 */
export interface LocalGitReadLimits {
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Most files (and symbolic links) below the directory a tree read or a glob search lists. */
  maxTreeFiles: number;
  /** Largest sum of the file sizes one tree read or glob search returns, in bytes. */
  maxTreeBytes: number;
}

/**
 * The limits used when `paved.localGit.reader` leaves them out.
 *
 * @public
 */
export const DEFAULT_LOCAL_GIT_READ_LIMITS: Readonly<LocalGitReadLimits> = {
  maxFileBytes: 50 * 1024 * 1024,
  maxTreeFiles: 10_000,
  maxTreeBytes: 200 * 1024 * 1024,
};

const CONFIG_PREFIX = 'paved.localGit.reader';

/** Reads `paved.localGit.reader`; a missing key takes its default. */
export function readLimitsFromConfig(config: Config): LocalGitReadLimits {
  const limit = (key: keyof LocalGitReadLimits): number => {
    const value = config.getOptionalNumber(`${CONFIG_PREFIX}.${key}`);
    if (value === undefined) {
      return DEFAULT_LOCAL_GIT_READ_LIMITS[key];
    }
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new Error(
        `${CONFIG_PREFIX}.${key}: '${value}' must be a positive whole number`,
      );
    }
    return value;
  };
  return {
    maxFileBytes: limit('maxFileBytes'),
    maxTreeFiles: limit('maxTreeFiles'),
    maxTreeBytes: limit('maxTreeBytes'),
  };
}

// NotAllowedError rather than InputError: the URL is well formed and the content exists, but
// the server's policy refuses to serve that much; a larger configured limit would serve it.
function limitExceeded(
  what: string,
  key: keyof LocalGitReadLimits,
  limits: LocalGitReadLimits,
  unit: string,
): NotAllowedError {
  return new NotAllowedError(
    `${what} than allowed (limit ${limits[key]} ${unit}, set by ${CONFIG_PREFIX}.${key})`,
  );
}

/** @throws NotAllowedError when `size` exceeds `maxFileBytes`. */
export function assertFileSize(
  limits: LocalGitReadLimits,
  path: string,
  size: number,
): void {
  if (size > limits.maxFileBytes) {
    throw limitExceeded(
      `File '${path}' has ${size} bytes, more`,
      'maxFileBytes',
      limits,
      'bytes',
    );
  }
}

/** @throws NotAllowedError when `count` exceeds `maxTreeFiles`. */
export function assertTreeFileCount(
  limits: LocalGitReadLimits,
  path: string,
  count: number,
): void {
  if (count > limits.maxTreeFiles) {
    throw limitExceeded(
      `Directory '${path || '/'}' holds more files`,
      'maxTreeFiles',
      limits,
      'files',
    );
  }
}

/**
 * Checks the files one read returns, as they are selected: each against `maxFileBytes`, their
 * running total against `maxTreeBytes`.
 */
export class TreeReadBudget {
  readonly #limits: LocalGitReadLimits;
  readonly #directory: string;
  #total = 0;

  /** @param directory - the directory read, for error messages */
  constructor(limits: LocalGitReadLimits, directory: string) {
    this.#limits = limits;
    this.#directory = directory;
  }

  /** @throws NotAllowedError when the file or the running total is over its limit. */
  add(path: string, size: number): void {
    assertFileSize(this.#limits, path, size);
    this.#total += size;
    if (this.#total > this.#limits.maxTreeBytes) {
      throw limitExceeded(
        `The files below '${this.#directory || '/'}' add up to more bytes`,
        'maxTreeBytes',
        this.#limits,
        'bytes',
      );
    }
  }
}
