// The @paved packages an adopter installs: every workspace that is not `private`. Packing, the
// API reports and the adopter test all take the list from here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/** `[{ name, dir, version }]`, dir relative to the repository root, in workspace order. */
export function publishablePackages() {
  const out = execFileSync('yarn', ['workspaces', 'list', '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))
    .filter(ws => ws.location !== '.')
    .map(ws => {
      const manifest = JSON.parse(
        fs.readFileSync(
          path.join(repoRoot, ws.location, 'package.json'),
          'utf8',
        ),
      );
      return { manifest, dir: ws.location };
    })
    .filter(({ manifest }) => !manifest.private)
    .map(({ manifest, dir }) => ({
      name: manifest.name,
      version: manifest.version,
      dir,
    }));
}
