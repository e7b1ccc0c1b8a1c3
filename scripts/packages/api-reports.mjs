// `yarn build:api-reports` writes report.api.md of every publishable package (cli-report.md, the
// usage, of the `paved` CLI);
// `yarn build:api-reports --ci` (a step of `npm test`) fails when a report is out of date.
// Both need the declarations of a full `yarn tsc` in dist-types/.
//
// Omitted messages: ae-wrong-input-file-type is API Extractor noticing the .ts sources the
// repository's tsconfig also compiles (with an absolute path, so it would differ per clone);
// ae-undocumented asks for TSDoc on every class member, which we do not require.
import { execFileSync } from 'node:child_process';
import { publishablePackages, repoRoot } from './publishable.mjs';

// Type literals in inferred declarations (zod-inferred action inputs and outputs) come out in the
// order the type checker first met their keys, which an incremental build changes. Reports are
// therefore written from a full build; `--ci` runs right after the type check of a fresh clone.
if (!process.argv.includes('--ci')) {
  execFileSync('yarn', ['tsc', '--incremental', 'false'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

const args = [
  'backstage-repo-tools',
  'api-reports',
  '--omit-messages',
  'ae-wrong-input-file-type,ae-undocumented',
  ...process.argv.slice(2),
  ...publishablePackages().map(pkg => pkg.dir),
];
try {
  execFileSync('yarn', args, { cwd: repoRoot, stdio: 'inherit' });
} catch (error) {
  console.error(
    'API reports are out of date or have warnings: run `yarn build:api-reports` and commit the report.api.md files.',
  );
  process.exit(error.status ?? 1);
}
