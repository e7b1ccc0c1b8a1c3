import { KubeObject } from './kinds/KindDefinition';
import { isValidLabelKey, isValidLabelValue } from './validation';

export type LabelRequirement =
  | { key: string; operator: '=' | '!=' | '>' | '<'; values: [string] }
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | '!'; values: [] };

export class SelectorParseError extends Error {}

const PUNCTUATION = ['==', '!=', '=', '!', '(', ')', ',', '>', '<'];
const TOKEN = /\s*(==|!=|=|!|\(|\)|,|>|<|[^\s=!(),<>]+)\s*/y;

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < input.length) {
    const match = TOKEN.exec(input);
    if (!match) break;
    tokens.push(match[1]);
  }
  return tokens;
}

function isIdentifier(token: string | undefined): token is string {
  return token !== undefined && !PUNCTUATION.includes(token);
}

/**
 * Parses Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`,
 * `a`, `!a`, `a>1`, `a<1`, joined by commas (k8s.io/apimachinery/pkg/labels/selector.go).
 */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = tokenize(input);
  const requirements: LabelRequirement[] = [];
  let position = 0;
  const next = () => tokens[position++];
  const peek = () => tokens[position];
  const expectKey = (key: string | undefined): string => {
    if (!isIdentifier(key)) {
      throw new SelectorParseError(
        `found '${key ?? ''}', expected: identifier`,
      );
    }
    if (!isValidLabelKey(key)) {
      throw new SelectorParseError(`invalid label key "${key}"`);
    }
    return key;
  };
  const expectValue = (value: string | undefined): string => {
    if (value !== undefined && !isValidLabelValue(value)) {
      throw new SelectorParseError(`invalid label value: "${value}"`);
    }
    return value ?? '';
  };

  while (position < tokens.length) {
    if (peek() === '!') {
      next();
      requirements.push({ key: expectKey(next()), operator: '!', values: [] });
    } else {
      const key = expectKey(next());
      const operator = peek();
      if (operator === undefined || operator === ',') {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (operator === 'in' || operator === 'notin') {
        next();
        if (next() !== '(') {
          throw new SelectorParseError(
            `found '${tokens[position - 1]}', expected: '('`,
          );
        }
        const values: string[] = [];
        while (peek() !== ')') {
          const value = next();
          if (value === undefined) {
            throw new SelectorParseError(`found '', expected: ')'`);
          }
          if (value !== ',') values.push(expectValue(value));
        }
        next();
        if (values.length === 0) {
          throw new SelectorParseError(
            `for 'in', 'notin' operators, values set can't be empty`,
          );
        }
        requirements.push({ key, operator, values });
      } else if (['=', '==', '!=', '>', '<'].includes(operator)) {
        next();
        const raw = isIdentifier(peek()) ? next() : '';
        const value = expectValue(raw);
        if ((operator === '>' || operator === '<') && !/^-?\d+$/.test(value)) {
          throw new SelectorParseError(
            `for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        }
        requirements.push({
          key,
          operator:
            operator === '==' ? '=' : (operator as '=' | '!=' | '>' | '<'),
          values: [value],
        });
      } else {
        throw new SelectorParseError(
          `found '${operator}', expected: in, notin, =, ==, !=, gt, lt`,
        );
      }
    }
    if (position < tokens.length && next() !== ',') {
      throw new SelectorParseError(
        `found '${tokens[position - 1]}', expected: ',' or 'end of string'`,
      );
    }
  }
  return requirements;
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> = {},
): boolean {
  return requirements.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = labels[key];
    switch (operator) {
      case '=':
        return has && value === values[0];
      case '!=':
        return !has || value !== values[0];
      case 'in':
        return has && values.includes(value);
      case 'notin':
        return !has || !values.includes(value);
      case 'exists':
        return has;
      case '!':
        return !has;
      case '>':
      case '<': {
        if (!has || !/^-?\d+$/.test(value)) return false;
        const difference = Number(value) - Number(values[0]);
        return operator === '>' ? difference > 0 : difference < 0;
      }
      default:
        return false;
    }
  });
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '\\' && i + 1 < input.length) {
      current += input.slice(i, i + 2);
      i++;
    } else if (input[i] === separator) {
      parts.push(current);
      current = '';
    } else {
      current += input[i];
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (value: string) => value.replace(/\\(.)/g, '$1');

/** Parses `metadata.name=x,status.phase!=Running` (k8s.io/apimachinery/pkg/fields/selector.go). */
export function parseFieldSelector(input: string): FieldRequirement[] {
  return splitUnescaped(input, ',')
    .filter(term => term.trim() !== '')
    .map(term => {
      const match = /^(.*?)(==|!=|=)(.*)$/s.exec(term);
      if (!match) {
        throw new SelectorParseError(
          `invalid selector: '${term}'; can't understand '${term}'`,
        );
      }
      return {
        field: match[1].trim(),
        operator: match[2] === '!=' ? '!=' : '=',
        value: unescape(match[3]),
      };
    });
}

function fieldValue(object: KubeObject, field: string): string {
  let node: unknown = object;
  for (const part of field.split('.')) {
    if (typeof node !== 'object' || node === null) return '';
    node = (node as Record<string, unknown>)[part];
  }
  return node === undefined || node === null ? '' : String(node);
}

export function matchesFields(
  requirements: FieldRequirement[],
  object: KubeObject,
): boolean {
  return requirements.every(({ field, operator, value }) =>
    operator === '='
      ? fieldValue(object, field) === value
      : fieldValue(object, field) !== value,
  );
}
