// node --test scripts/adopter/: the doc-step reader and appliers the adopter test relies on.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { mergeValues, patchText, readDocSteps } from './docBlocks.mjs';
import { repoRoot } from '../packages/publishable.mjs';

test('docs/install.md has the steps the adopter test applies, in order', () => {
  const steps = readDocSteps(path.join(repoRoot, 'docs/install.md'));
  assert.deepEqual(
    steps.map(s => [s.op, s.file ?? null, s.lang]),
    [
      ['run', null, 'sh'],
      ['merge-yaml', '.yarnrc.yml', 'yaml'],
      ['run', null, 'sh'],
      ['patch', 'packages/backend/src/index.ts', 'diff'],
      ['merge-yaml', 'app-config.yaml', 'yaml'],
      ['run', null, 'sh'],
      ['patch', 'packages/backend/src/index.ts', 'diff'],
      ['run', null, 'sh'],
    ],
  );
  assert.match(steps[2].body, /@paved\/plugin-scaffolder-backend-module-paved/);
  assert.match(steps[5].body, /@paved\/plugin-paved-runtime-backend/);
  assert.match(steps[7].body, /@paved\/plugin-paved-runtime\b/);
});

test('a patch replaces its old lines and keeps the rest', () => {
  const text = "a();\nbackend.add(import('x'));\nb();\n";
  const patched = patchText(
    text,
    " backend.add(import('x'));\n+backend.add(import('y'));\n@@\n-b();\n+c();",
  );
  assert.equal(
    patched,
    "a();\nbackend.add(import('x'));\nbackend.add(import('y'));\nc();\n",
  );
});

test('a patch whose old lines are not in the file fails, naming them', () => {
  assert.throws(
    () => patchText('a();\n', '-b();\n+c();', 'index.ts'),
    /index.ts does not contain exactly once the lines the doc patches:\nb\(\);/,
  );
});

test('YAML snippets merge into objects and add new list items once', () => {
  assert.deepEqual(
    mergeValues(
      {
        permission: { enabled: true },
        npmPreapprovedPackages: ['@backstage/*'],
      },
      {
        permission: { enabled: true },
        npmPreapprovedPackages: ['@paved/*'],
        paved: { a: 1 },
      },
    ),
    {
      permission: { enabled: true },
      npmPreapprovedPackages: ['@backstage/*', '@paved/*'],
      paved: { a: 1 },
    },
  );
});
