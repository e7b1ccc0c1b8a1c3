import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import { run, CommandResult } from '../helm/helm';

/**
 * Release downloads of the tools `.github/scripts/install-tools.sh` installs, served offline: a
 * `curl` on PATH that answers each URL from a folder, so the generated script runs for real here
 * and its checksum checks can be made to fail.
 */
export class FakeReleases {
  readonly #dir: string;
  readonly #binDir: string;

  static async create(dir: string): Promise<FakeReleases> {
    const binDir = path.join(dir, 'bin');
    await fs.mkdir(binDir, { recursive: true });
    // `curl -fsSL --retry 3 -o FILE URL`: copies the file the URL names, fails as curl -f does.
    await fs.writeFile(
      path.join(binDir, 'curl'),
      [
        '#!/usr/bin/env bash',
        'out=""; url=""',
        'while [[ $# -gt 0 ]]; do',
        '  case "$1" in',
        '    -o) out="$2"; shift 2 ;;',
        '    --retry) shift 2 ;;',
        '    -*) shift ;;',
        '    *) url="$1"; shift ;;',
        '  esac',
        'done',
        `src="${dir}/files/$(printf '%s' "$url" | sed 's#^https://##')"`,
        '[[ -f "$src" ]] || { echo "curl: (22) 404 $url" >&2; exit 22; }',
        'cp "$src" "$out"',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    return new FakeReleases(dir, binDir);
  }

  private constructor(dir: string, binDir: string) {
    this.#dir = dir;
    this.#binDir = binDir;
  }

  /** Serves `content` at `url`. */
  async serve(url: string, content: Uint8Array | string): Promise<void> {
    const file = path.join(this.#dir, 'files', url.replace(/^https:\/\//, ''));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }

  /** Runs the script with this `curl` first on PATH; returns the result and the tools folder. */
  async runScript(
    script: string,
    tools: string[],
    runnerTemp: string,
  ): Promise<CommandResult & { githubPath: string }> {
    const githubPath = path.join(runnerTemp, 'github-path');
    await fs.mkdir(runnerTemp, { recursive: true });
    await fs.writeFile(githubPath, '');
    const result = await run('bash', [script, ...tools], {
      env: {
        PATH: `${this.#binDir}:${process.env.PATH}`,
        RUNNER_TEMP: runnerTemp,
        GITHUB_PATH: githubPath,
      },
    });
    return { ...result, githubPath: await fs.readFile(githubPath, 'utf8') };
  }
}

/** SHA-256 of the bytes, in hex, as `sha256sum` prints it. */
export function sha256(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A `.tar.gz` made with the system's tar from `{ path: content }`. */
export async function tarGz(
  workDir: string,
  files: Record<string, string>,
): Promise<Buffer> {
  const root = await fs.mkdtemp(path.join(workDir, 'tar-'));
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), content, { mode: 0o755 });
  }
  const archive = path.join(root, 'archive.tar.gz');
  const result = await run('tar', [
    '-czf',
    archive,
    '-C',
    root,
    ...Object.keys(files),
  ]);
  if (result.code !== 0) throw new Error(result.stderr);
  return fs.readFile(archive);
}

/** A `.zip` of `{ path: content }`. */
export function zip(files: Record<string, string>): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, content]) => [
        name,
        new TextEncoder().encode(content),
      ]),
    ),
  );
}
