// `prepack` of every publishable package runs this first: `backstage-cli package build` bundles
// the declarations that the repository-wide `tsc` writes to dist-types/. `yarn pack:paved` runs
// tsc once for all packages and sets PAVED_TYPES_BUILT so the packages' prepack skips it.
import { execFileSync } from 'node:child_process';
import { repoRoot } from './publishable.mjs';

if (process.env.PAVED_TYPES_BUILT !== '1') {
  execFileSync('yarn', ['tsc'], { cwd: repoRoot, stdio: 'inherit' });
}
