// `yarn build:api-reports` writes report.api.md of every publishable package;
// `yarn build:api-reports --ci` (a step of `npm test`) fails when a report is out of date.
// Both need the declarations of `yarn tsc` in dist-types/.
//
// Omitted messages: ae-wrong-input-file-type is API Extractor noticing the .ts sources the
// repository's tsconfig also compiles (with an absolute path, so it would differ per clone);
// ae-undocumented asks for TSDoc on every class member, which we do not require.
import { execFileSync } from 'node:child_process';
import { publishablePackages, repoRoot } from './publishable.mjs';

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
