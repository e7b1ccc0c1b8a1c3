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

/** The versions `install-tools.sh` pins, by tool (`helm`, ...), read from its `*_VERSION=` lines. */
export function pinnedVersions(script: string): Record<string, string> {
  return Object.fromEntries(
    [...script.matchAll(/^([A-Z]+)_VERSION=(\S+)$/gm)].map(m => [
      m[1].toLowerCase(),
      m[2],
    ]),
  );
}

/** Where one tool's release publishes its linux amd64 archive and the checksum list of it. */
export interface ToolRelease {
  url: string;
  checksumsUrl: string;
  archive: Uint8Array;
}

/**
 * Serves an archive of each tool at the versions given, and its release's checksum list that
 * agrees with it (kubeconform's also lists another file), as each project publishes them.
 */
export async function serveToolReleases(
  releases: FakeReleases,
  workDir: string,
  v: Record<string, string>,
): Promise<Record<string, ToolRelease>> {
  const kubeconform = `https://github.com/yannh/kubeconform/releases/download/${v.kubeconform}`;
  const terraform = `https://releases.hashicorp.com/terraform/${v.terraform}`;
  const tflint = `https://github.com/terraform-linters/tflint/releases/download/${v.tflint}`;
  const tools: Record<string, ToolRelease> = {
    helm: {
      url: `https://get.helm.sh/helm-${v.helm}-linux-amd64.tar.gz`,
      checksumsUrl: `https://get.helm.sh/helm-${v.helm}-linux-amd64.tar.gz.sha256sum`,
      archive: await tarGz(workDir, { 'linux-amd64/helm': 'helm binary' }),
    },
    kubeconform: {
      url: `${kubeconform}/kubeconform-linux-amd64.tar.gz`,
      checksumsUrl: `${kubeconform}/CHECKSUMS`,
      archive: await tarGz(workDir, { kubeconform: 'kubeconform binary' }),
    },
    terraform: {
      url: `${terraform}/terraform_${v.terraform}_linux_amd64.zip`,
      checksumsUrl: `${terraform}/terraform_${v.terraform}_SHA256SUMS`,
      archive: zip({ terraform: 'terraform binary' }),
    },
    tflint: {
      url: `${tflint}/tflint_linux_amd64.zip`,
      checksumsUrl: `${tflint}/checksums.txt`,
      archive: zip({ tflint: 'tflint binary' }),
    },
  };
  for (const [tool, release] of Object.entries(tools)) {
    await releases.serve(release.url, release.archive);
    const other =
      tool === 'kubeconform'
        ? `${sha256('other')}  kubeconform-darwin-amd64.tar.gz\n`
        : '';
    await releases.serve(
      release.checksumsUrl,
      `${other}${sha256(release.archive)}  ${path.basename(release.url)}\n`,
    );
  }
  return tools;
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
function zip(files: Record<string, string>): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, content]) => [
        name,
        new TextEncoder().encode(content),
      ]),
    ),
  );
}
