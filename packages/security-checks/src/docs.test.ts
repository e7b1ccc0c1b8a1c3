import fs from 'node:fs';
import path from 'node:path';
import { PAVED_PERMISSION_RULES } from '@paved/plugin-permission-backend-module-paved';

// docs/security.md is read from the repository, never from a build.
// eslint-disable-next-line no-restricted-syntax
const SECURITY_DOC = path.resolve(__dirname, '../../../docs/security.md');

/** The rows of the permission matrix in docs/security.md, by permission. */
function documentedRules(): Record<string, string> {
  const text = fs.readFileSync(SECURITY_DOC, 'utf8');
  const section = text.split('## The permission matrix')[1].split('\n## ')[0];
  return Object.fromEntries(
    [...section.matchAll(/^\| `([^`]+)` +\| ([a-z-]+) +\|/gm)].map(
      ([, permission, rule]) => [permission, rule],
    ),
  );
}

describe('docs/security.md', () => {
  it('documents the rule the policy applies for every permission, and no other', () => {
    expect(documentedRules()).toEqual(PAVED_PERMISSION_RULES);
  });
});
