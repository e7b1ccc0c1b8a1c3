/**
 * Names a field the way Paved's errors do: `['environments', 1, 'name']` becomes
 * `environments[1].name`.
 *
 * @public
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') {
        return `[${segment}]`;
      }
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join('');
}

/**
 * One problem with bad input, worded as every Paved `InputError` is: `<field path>: <problem>`;
 * without a path, just the problem.
 *
 * @public
 */
export function fieldProblem(
  path: readonly PropertyKey[],
  message: string,
): string {
  return path.length ? `${formatFieldPath(path)}: ${message}` : message;
}
