import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** A Terraform file as `@cdktf/hcl2json` returns it: blocks become arrays of bodies. */
export type HclDocument = Record<string, any>;

/** Parses one `.tf` or `.tfvars` file; throws with the parser's message when it is not HCL. */
export function parseHcl(file: string, content: string): Promise<HclDocument> {
  return parse(file, content);
}

/** The declarations of one Terraform module directory, merged over its files. */
export interface ModuleSummary {
  variables: Map<string, Record<string, any>>;
  locals: Map<string, unknown>;
  /** Keyed `type.name`. */
  resources: Map<string, Record<string, any>>;
  /** Keyed `type.name`. */
  data: Map<string, Record<string, any>>;
  modules: Map<string, Record<string, any>>;
  outputs: Map<string, Record<string, any>>;
  providers: Map<string, Record<string, any>>;
  terraform: Record<string, any>[];
}

function firstBody(bodies: unknown): Record<string, any> {
  return (Array.isArray(bodies) ? bodies[0] : bodies) ?? {};
}

/** Merges the parsed files of one module directory. */
export function summarizeModule(documents: HclDocument[]): ModuleSummary {
  const summary: ModuleSummary = {
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    data: new Map(),
    modules: new Map(),
    outputs: new Map(),
    providers: new Map(),
    terraform: [],
  };
  for (const doc of documents) {
    for (const [name, bodies] of Object.entries(doc.variable ?? {})) {
      summary.variables.set(name, firstBody(bodies));
    }
    for (const block of doc.locals ?? []) {
      for (const [name, value] of Object.entries(block)) {
        summary.locals.set(name, value);
      }
    }
    for (const [kind, target] of [
      ['resource', summary.resources],
      ['data', summary.data],
    ] as const) {
      for (const [type, byName] of Object.entries(doc[kind] ?? {})) {
        for (const [name, bodies] of Object.entries(
          byName as Record<string, unknown>,
        )) {
          target.set(`${type}.${name}`, firstBody(bodies));
        }
      }
    }
    for (const [name, bodies] of Object.entries(doc.module ?? {})) {
      summary.modules.set(name, firstBody(bodies));
    }
    for (const [name, bodies] of Object.entries(doc.output ?? {})) {
      summary.outputs.set(name, firstBody(bodies));
    }
    for (const [name, bodies] of Object.entries(doc.provider ?? {})) {
      summary.providers.set(name, firstBody(bodies));
    }
    summary.terraform.push(...(doc.terraform ?? []));
  }
  return summary;
}

/** What the expressions in a value refer to. */
interface References {
  variables: Set<string>;
  locals: Set<string>;
  /** `type.name` */
  data: Set<string>;
  /** `type.name` */
  resources: Set<string>;
  /** `module name` -> attributes read from it */
  modules: Map<string, Set<string>>;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
  } else if (Array.isArray(value)) {
    value.forEach(v => strings(v, out));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => strings(v, out));
  }
  return out;
}

/**
 * Finds the references in every expression of a parsed value. hcl2json keeps expressions as
 * `${...}` strings, so only strings holding `${` are read (plain literals such as descriptions
 * are not expressions).
 */
function findReferences(value: unknown): References {
  const refs: References = {
    variables: new Set(),
    locals: new Set(),
    data: new Set(),
    resources: new Set(),
    modules: new Map(),
  };
  for (const text of strings(value)) {
    if (!text.includes('${')) continue;
    for (const m of text.matchAll(/(?<![\w.])var\.([A-Za-z_][\w-]*)/g)) {
      refs.variables.add(m[1]);
    }
    for (const m of text.matchAll(/(?<![\w.])local\.([A-Za-z_][\w-]*)/g)) {
      refs.locals.add(m[1]);
    }
    for (const m of text.matchAll(/(?<![\w.])data\.(\w+)\.(\w+)/g)) {
      refs.data.add(`${m[1]}.${m[2]}`);
    }
    for (const m of text.matchAll(
      /(?<![\w.])module\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?/g,
    )) {
      const attrs = refs.modules.get(m[1]) ?? new Set<string>();
      if (m[2]) attrs.add(m[2]);
      refs.modules.set(m[1], attrs);
    }
    for (const m of text.matchAll(/(?<![\w.])((?:aws|random)_\w+)\.(\w+)/g)) {
      refs.resources.add(`${m[1]}.${m[2]}`);
    }
  }
  return refs;
}

function everything(summary: ModuleSummary): unknown[] {
  return [
    [...summary.variables.values()].map(v => v.validation ?? []),
    [...summary.locals.values()],
    [...summary.resources.values()],
    [...summary.data.values()],
    [...summary.modules.values()],
    [...summary.outputs.values()],
    [...summary.providers.values()],
  ];
}

/**
 * What `terraform validate` would catch without providers, and `tflint`'s unused-declaration
 * rule: references to undeclared variables, locals, data sources, resources and module outputs,
 * and declarations nothing reads.
 */
export function checkReferences(
  summary: ModuleSummary,
  calledModules: Map<string, ModuleSummary> = new Map(),
): string[] {
  const problems: string[] = [];
  const refs = findReferences(everything(summary));
  for (const name of refs.variables) {
    if (!summary.variables.has(name)) problems.push(`undeclared var.${name}`);
  }
  for (const name of refs.locals) {
    if (!summary.locals.has(name)) problems.push(`undeclared local.${name}`);
  }
  for (const name of refs.data) {
    if (!summary.data.has(name)) problems.push(`undeclared data.${name}`);
  }
  for (const name of refs.resources) {
    if (!summary.resources.has(name)) {
      problems.push(`undeclared resource ${name}`);
    }
  }
  for (const [name, attrs] of refs.modules) {
    const called = calledModules.get(name);
    if (!summary.modules.has(name) || !called) {
      problems.push(`undeclared module.${name}`);
      continue;
    }
    for (const attr of attrs) {
      if (!called.outputs.has(attr)) {
        problems.push(`module.${name}.${attr} is not an output of the module`);
      }
    }
  }
  for (const name of summary.variables.keys()) {
    if (!refs.variables.has(name)) problems.push(`unused variable ${name}`);
  }
  for (const name of summary.locals.keys()) {
    if (!refs.locals.has(name)) problems.push(`unused local ${name}`);
  }
  for (const name of summary.data.keys()) {
    if (!refs.data.has(name)) problems.push(`unused data source ${name}`);
  }
  return problems;
}

const MODULE_META_ARGUMENTS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'providers',
  'depends_on',
]);

/** Arguments of a module call against the called module's variables. */
export function checkModuleCall(
  call: Record<string, any>,
  called: ModuleSummary,
): string[] {
  const problems: string[] = [];
  for (const arg of Object.keys(call)) {
    if (!MODULE_META_ARGUMENTS.has(arg) && !called.variables.has(arg)) {
      problems.push(`argument ${arg} is not a variable of the module`);
    }
  }
  for (const [name, variable] of called.variables) {
    if (!('default' in variable) && !(name in call)) {
      problems.push(`required variable ${name} is not passed`);
    }
  }
  return problems;
}

/** A `.tfvars` file against the root module's variables. */
export function checkTfvars(
  tfvars: Record<string, unknown>,
  root: ModuleSummary,
): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(tfvars)) {
    if (!root.variables.has(name)) {
      problems.push(`${name} is set but not declared`);
    }
  }
  for (const [name, variable] of root.variables) {
    if (!('default' in variable) && !(name in tfvars)) {
      problems.push(`required variable ${name} has no value`);
    }
  }
  return problems;
}

/**
 * Outputs Terraform refuses without `sensitive = true`: those that read a sensitive value (a
 * random_password's result, or a called module's sensitive output).
 */
export function checkSensitiveOutputs(
  summary: ModuleSummary,
  calledModules: Map<string, ModuleSummary> = new Map(),
): string[] {
  const problems: string[] = [];
  for (const [name, output] of summary.outputs) {
    const refs = findReferences(output.value);
    const readsSecret =
      [...refs.resources].some(r => r.startsWith('random_password.')) ||
      [...refs.modules].some(([module, attrs]) =>
        [...attrs].some(
          attr =>
            calledModules.get(module)?.outputs.get(attr)?.sensitive === true,
        ),
      );
    if (readsSecret && output.sensitive !== true) {
      problems.push(`output ${name} reads a secret but is not sensitive`);
    }
  }
  return problems;
}

/** Provider local names the module's resources and data sources use. */
export function usedProviders(summary: ModuleSummary): Set<string> {
  return new Set(
    [...summary.resources.keys(), ...summary.data.keys()].map(
      key => key.split('_')[0],
    ),
  );
}

/** `required_providers` entries of a module. */
export function requiredProviders(
  summary: ModuleSummary,
): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  for (const block of summary.terraform) {
    for (const providers of block.required_providers ?? []) {
      for (const [name, spec] of Object.entries(providers)) {
        out.set(name, spec as Record<string, any>);
      }
    }
  }
  return out;
}

/** The `terraform` binary on PATH, if any. */
export function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'terraform');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * `terraform fmt -check -recursive` on a directory: the files it would rewrite, relative to the
 * directory. Works offline (no providers needed).
 */
export function terraformFmtCheck(
  terraform: string,
  dir: string,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      terraform,
      ['fmt', '-check', '-recursive', '-list=true', '-no-color', '.'],
      // No CLI configuration (and no warning about a missing one), no network.
      {
        cwd: dir,
        env: {
          ...process.env,
          TF_CLI_CONFIG_FILE: '/dev/null',
          CHECKPOINT_DISABLE: '1',
        },
      },
      (error, stdout, stderr) => {
        const files = stdout.split('\n').filter(Boolean);
        // Exit code 3: some files are not formatted; anything else is a failure to run.
        if (error && !(error.code === 3 && files.length > 0)) {
          reject(new Error(`terraform fmt failed: ${stderr || error.message}`));
          return;
        }
        resolve(files);
      },
    );
  });
}
