import { z } from 'zod';

/** The outcome of validating input against one of the Paved schemas. @public */
export type ValidationResult<T> =
  | { success: true; data: T }
  | { success: false; problems: string[] };

function problem(path: PropertyKey[], message: string): string {
  return path.length ? `${path.map(String).join('.')}: ${message}` : message;
}

/** Validates `input` and words every problem as `path: message`. */
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
        ? issue.keys.map(key => problem([...issue.path, key], issue.message))
        : [problem(issue.path, issue.message)],
    ),
  };
}
