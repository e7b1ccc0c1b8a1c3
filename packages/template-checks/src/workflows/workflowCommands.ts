import fs from 'node:fs/promises';
import path from 'node:path';
import { CommandResult, helmEnv, run } from '../helm/helm';

/** What a run of {@link WorkflowCommands.bash} left behind. */
export interface WorkflowRun extends CommandResult {
  /** The `name=value` lines the commands wrote to `$GITHUB_OUTPUT`. */
  githubOutput: Record<string, string>;
  /** kubeconform's last call: its arguments and the manifests file it was given. */
  kubeconform?: { args: string[]; manifests: string };
}

/**
 * Runs the scripts and `run:` steps of a generated repository's workflows for real, with bash,
 * git, jq and the real Helm, and stand-ins first on PATH for the tools this machine cannot have:
 * kubeconform (its releases are out of reach) records what it was asked to check and exits with
 * `$KUBECONFORM_EXIT`; terraform answers `output -json NAME` with `$TERRAFORM_OUTPUT_<NAME>`; yq
 * is mikefarah's yq v4 of the GitHub runners for the one expression the checks run
 * (`yqStandIn.mjs`; Debian's yq is another program).
 */
export class WorkflowCommands {
  readonly #workDir: string;
  readonly #binDir: string;

  static async create(workDir: string): Promise<WorkflowCommands> {
    const binDir = path.join(workDir, 'bin');
    await fs.mkdir(binDir, { recursive: true });
    const tool = (name: string, lines: string[]) =>
      fs.writeFile(
        path.join(binDir, name),
        ['#!/usr/bin/env bash', ...lines, ''].join('\n'),
        { mode: 0o755 },
      );
    await tool('kubeconform', [
      'printf "%s\\n" "$@" > "$KUBECONFORM_RECORD.args"',
      'cp "${!#}" "$KUBECONFORM_RECORD.manifests"',
      'exit "${KUBECONFORM_EXIT:-0}"',
    ]);
    await tool('terraform', [
      '[[ "$1 $2" == "output -json" && -n "$3" ]] || { echo "terraform stand-in: only output -json NAME" >&2; exit 2; }',
      'var="TERRAFORM_OUTPUT_$3"',
      '[[ -n "${!var:-}" ]] || { echo "Output \\"$3\\" not found" >&2; exit 1; }',
      'printf "%s\\n" "${!var}"',
    ]);
    // These checks run from source in the repository, never from a build.
    // eslint-disable-next-line no-restricted-syntax
    const yqStandIn = path.join(__dirname, 'yqStandIn.mjs');
    await tool('yq', [`exec "${process.execPath}" "${yqStandIn}" "$@"`]);
    return new WorkflowCommands(workDir, binDir);
  }

  private constructor(workDir: string, binDir: string) {
    this.#workDir = workDir;
    this.#binDir = binDir;
  }

  /**
   * `bash -c script` in `cwd`, as a step's `run:` runs (errexit, pipefail), with the stand-ins and
   * `extraPath` (e.g. a Helm's folder) first on PATH and a `$GITHUB_OUTPUT` and `$RUNNER_TEMP` of
   * its own.
   */
  async bash(
    script: string,
    options: { cwd: string; env?: NodeJS.ProcessEnv; extraPath?: string[] },
  ): Promise<WorkflowRun> {
    const runnerTemp = await fs.mkdtemp(path.join(this.#workDir, 'runner-'));
    const githubOutput = path.join(runnerTemp, 'github-output');
    const kubeconform = path.join(runnerTemp, 'kubeconform');
    await fs.writeFile(githubOutput, '');
    const result = await run('bash', ['-eo', 'pipefail', '-c', script], {
      cwd: options.cwd,
      env: {
        ...helmEnv(),
        PATH: [this.#binDir, ...(options.extraPath ?? []), process.env.PATH]
          .filter(Boolean)
          .join(path.delimiter),
        RUNNER_TEMP: runnerTemp,
        GITHUB_OUTPUT: githubOutput,
        KUBECONFORM_RECORD: kubeconform,
        ...options.env,
      },
    });
    const outputs = (await fs.readFile(githubOutput, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map(line => line.split(/=(.*)/s, 2) as [string, string]);
    const args = await fs
      .readFile(`${kubeconform}.args`, 'utf8')
      .catch(() => undefined);
    return {
      ...result,
      githubOutput: Object.fromEntries(outputs),
      kubeconform:
        args === undefined
          ? undefined
          : {
              args: args.trimEnd().split('\n'),
              manifests: await fs.readFile(`${kubeconform}.manifests`, 'utf8'),
            },
    };
  }
}
