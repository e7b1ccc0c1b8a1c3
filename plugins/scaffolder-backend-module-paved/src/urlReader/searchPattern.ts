import { InputError } from '@backstage/errors';
import { Minimatch } from 'minimatch';

/** Longest path or glob a search URL may name, in characters. */
const MAX_SEARCH_PATTERN_LENGTH = 1024;

// Each further `*` in one segment multiplies the backtracking of minimatch's regular expression
// by the length of the names it is tried on; two keep it near linear.
const MAX_STARS_PER_SEGMENT = 2;

// Braces are not listed: they are taken literally (templating tools put them in file names).
const GLOB_CHARACTERS = /[*?[\]]/;

/** What a search URL's path names: one file, or the files below `base` that `matches`. */
export type SearchPattern =
  | { kind: 'file'; path: string }
  | { kind: 'glob'; base: string; matches: (path: string) => boolean };

/**
 * Parses the path of a search URL. Brace expansion (`{a,b}`, `{1..9}`), extended globs,
 * negation and comments are off, so every character but `*`, `?` and `[...]` is literal.
 *
 * @throws InputError when the path is longer than {@link MAX_SEARCH_PATTERN_LENGTH} or a
 * segment has more than two `*` that are not a `**` segment.
 */
export function parseSearchPattern(path: string): SearchPattern {
  if (path.length > MAX_SEARCH_PATTERN_LENGTH) {
    throw new InputError(
      `url: the search path is ${path.length} characters long, more than the limit of ` +
        `${MAX_SEARCH_PATTERN_LENGTH}`,
    );
  }
  const segments = path.split('/');
  const firstGlob = segments.findIndex(s => GLOB_CHARACTERS.test(s));
  if (firstGlob === -1) {
    return { kind: 'file', path };
  }
  const crowded = segments.find(
    s => s !== '**' && s.split('*').length - 1 > MAX_STARS_PER_SEGMENT,
  );
  if (crowded !== undefined) {
    throw new InputError(
      `url: the search path segment '${crowded}' has more than ${MAX_STARS_PER_SEGMENT} '*'`,
    );
  }
  const matcher = new Minimatch(path, {
    dot: true,
    nobrace: true,
    noext: true,
    nonegate: true,
    nocomment: true,
  });
  return {
    kind: 'glob',
    base: segments.slice(0, firstGlob).join('/'),
    matches: candidate => matcher.match(candidate),
  };
}
