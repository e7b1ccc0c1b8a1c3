import { FieldError } from './errors';
import { KubeObject, NameRule } from './kinds/KindDefinition';

// Messages and patterns as k8s.io/apimachinery/pkg/util/validation words them, so that callers
// matching on them behave as they would against a real API server.
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

function regexError(message: string, pattern: string, examples: string[]) {
  const quoted = examples.map(example => `'${example}', `).join(' or ');
  return `${message} (e.g. ${quoted}regex used for validation is '${pattern}')`;
}

function matchesWhole(pattern: string, value: string) {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

const maxLength = (length: number) =>
  `must be no more than ${length} characters`;

interface PatternRule {
  maxLength: number;
  pattern: string;
  message: string;
  examples: string[];
}

function patternChecker({
  maxLength: max,
  pattern,
  message,
  examples,
}: PatternRule) {
  return (value: string): string[] => [
    ...(value.length > max ? [maxLength(max)] : []),
    ...(matchesWhole(pattern, value)
      ? []
      : [regexError(message, pattern, examples)]),
  ];
}

const checkDns1123Subdomain = patternChecker({
  maxLength: 253,
  pattern: DNS1123_SUBDOMAIN,
  message:
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  examples: ['example.com'],
});

const checkDns1123Label = patternChecker({
  maxLength: 63,
  pattern: DNS1123_LABEL,
  message:
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  examples: ['my-name', '123-abc'],
});

const checkDns1035Label = patternChecker({
  maxLength: 63,
  pattern: DNS1035_LABEL,
  message:
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  examples: ['my-name', 'abc-123'],
});

const checkLabelValue = patternChecker({
  maxLength: 63,
  pattern: LABEL_VALUE,
  message:
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  examples: ['MyValue', 'my_value', '12345'],
});

function checkPathSegment(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  return ['/', '%']
    .filter(forbidden => value.includes(forbidden))
    .map(forbidden => `may not contain '${forbidden}'`);
}

const nameCheckers: Record<NameRule, (value: string) => string[]> = {
  dns1123Subdomain: checkDns1123Subdomain,
  dns1123Label: checkDns1123Label,
  dns1035Label: checkDns1035Label,
  pathSegment: checkPathSegment,
};

function validateName(name: string, rule: NameRule): FieldError[] {
  return nameCheckers[rule](name).map(detail => ({
    field: 'metadata.name',
    reason: 'FieldValueInvalid',
    detail,
    value: name,
  }));
}

function checkQualifiedName(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    const message = regexError(
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      QUALIFIED_NAME,
      ['MyName', 'my.name', '123-abc'],
    );
    return [
      `${message} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const problems: string[] = [];
  if (prefix !== undefined) {
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else
      problems.push(
        ...checkDns1123Subdomain(prefix).map(p => `prefix part ${p}`),
      );
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else if (name.length > 63) problems.push(`name part ${maxLength(63)}`);
  if (name.length > 0 && !matchesWhole(QUALIFIED_NAME, name)) {
    problems.push(
      regexError(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        ['MyName', 'my.name', '123-abc'],
      ),
    );
  }
  return problems;
}

function invalidValue(field: string, value: unknown, details: string[]) {
  return details.map(
    (detail): FieldError => ({
      field,
      reason: 'FieldValueInvalid',
      detail,
      value,
    }),
  );
}

/** Validates what every kind shares: name, labels and annotation keys. */
export function validateObjectMeta(
  object: KubeObject,
  rule: NameRule,
): FieldError[] {
  const metadata = object.metadata ?? {};
  const errors: FieldError[] = [];
  if (!metadata.name) {
    errors.push({
      field: 'metadata.name',
      reason: 'FieldValueRequired',
      detail: 'name or generateName is required',
    });
  } else {
    errors.push(...validateName(metadata.name, rule));
  }
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    errors.push(
      ...invalidValue('metadata.labels', key, checkQualifiedName(key)),
    );
    if (typeof value !== 'string') {
      errors.push(
        ...invalidValue('metadata.labels', value, ['must be a string']),
      );
    } else {
      errors.push(
        ...invalidValue('metadata.labels', value, checkLabelValue(value)),
      );
    }
  }
  for (const key of Object.keys(metadata.annotations ?? {})) {
    errors.push(
      ...invalidValue(
        'metadata.annotations',
        key,
        checkQualifiedName(key.toLowerCase()),
      ),
    );
  }
  return errors;
}

/** Checks a label selector's keys and values the way the server would parse them. */
export function isValidLabelKey(key: string): boolean {
  return checkQualifiedName(key).length === 0;
}

export function isValidLabelValue(value: string): boolean {
  return checkLabelValue(value).length === 0;
}
