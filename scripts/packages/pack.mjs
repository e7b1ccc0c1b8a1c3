// `yarn pack:paved [DIR]`: packs every publishable @paved package into DIR (default
// .paved/packages) as <unscoped-name>-<version>.tgz. Each package's prepack builds dist/ (types
// and code) and rewrites its manifest for publishing (publishConfig); postpack restores it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { publishablePackages, repoRoot } from './publishable.mjs';

/** Packs the packages into outDir and returns `[{ name, version, tarball }]`. */
export function packAll(outDir, log = console.log) {
  fs.mkdirSync(outDir, { recursive: true });
  let started = Date.now();
  execFileSync('yarn', ['tsc'], { cwd: repoRoot, stdio: 'inherit' });
  log(`types built in ${seconds(started)} s`);
  const packed = [];
  for (const pkg of publishablePackages()) {
    started = Date.now();
    const tarball = path.join(
      outDir,
      `${pkg.name.replace(/^@[^/]+\//, '')}-${pkg.version}.tgz`,
    );
    execFileSync('yarn', ['pack', '--out', tarball], {
      cwd: path.join(repoRoot, pkg.dir),
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PAVED_TYPES_BUILT: '1' },
    });
    log(`packed ${pkg.name}@${pkg.version} in ${seconds(started)} s`);
    packed.push({ ...pkg, tarball });
  }
  return packed;
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = path.resolve(
    process.argv[2] ?? path.join(repoRoot, '.paved/packages'),
  );
  packAll(outDir);
  console.log(`packages in ${outDir}`);
}
