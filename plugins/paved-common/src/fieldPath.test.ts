import { fieldProblem, formatFieldPath } from './fieldPath';

describe('formatFieldPath', () => {
  it('puts array indexes in brackets and joins names with dots', () => {
    expect(formatFieldPath(['environments', 1, 'name'])).toBe(
      'environments[1].name',
    );
    expect(formatFieldPath([0, 'kind'])).toBe('[0].kind');
    expect(formatFieldPath(['values', 'envs', 'dev'])).toBe('values.envs.dev');
  });
});

describe('fieldProblem', () => {
  it('prefixes the problem with the path, or leaves it alone without one', () => {
    expect(fieldProblem(['quota', 'cpu'], 'must be a quantity')).toBe(
      'quota.cpu: must be a quantity',
    );
    expect(fieldProblem([], 'expected an object')).toBe('expected an object');
  });
});
