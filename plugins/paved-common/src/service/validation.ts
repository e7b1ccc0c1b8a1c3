import { z } from 'zod';
import { fieldProblem } from '../fieldPath';

/** The outcome of validating input against one of the Paved schemas. @public */
export type ValidationResult<T> =
  | { success: true; data: T }
  | { success: false; problems: string[] };

/** Validates `input` and words every problem as `path: message` (`environments[1]: ...`). */
export function validate<T>(
  schema: z.ZodType<T>,
  input: unknown,
): ValidationResult<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return { success: true, data: result.data };
  }
  return {
    success: false,
    problems: result.error.issues.flatMap(issue =>
      // One problem per unknown key, named by its own path.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map(key =>
            fieldProblem([...issue.path, key], issue.message),
          )
        : [fieldProblem(issue.path, issue.message)],
    ),
  };
}
