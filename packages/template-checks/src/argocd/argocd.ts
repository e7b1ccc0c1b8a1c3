import { KubeObject, ModelValidation, validateModels } from '../helm';
import yaml from 'yaml';

/** A Kubernetes object as parsed from YAML. */
export type ArgoObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, any>;
  spec?: Record<string, any>;
};

/** The result of validating one object against its CRD schema. */
export type ArgoValidation = ModelValidation;

/**
 * Validates Argo CD objects with @kubernetes-models/argo-cd. A kind the package does not model
 * comes back with an error.
 */
export function validateArgoCdObjects(
  objects: ArgoObject[],
): Promise<ArgoValidation[]> {
  return validateModels(objects as KubeObject[]);
}

type Node =
  | { type: 'text'; text: string }
  | { type: 'field'; key: string }
  | { type: 'if'; test: Test; then: Node[]; else: Node[] };

type Test = { key: string; equals?: string };

const ACTION = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;

function parseTest(expr: string): Test {
  const eq = expr.match(/^eq\s+\.(\w+)\s+"([^"]*)"$/);
  if (eq) return { key: eq[1], equals: eq[2] };
  const field = expr.match(/^\.(\w+)$/);
  if (field) return { key: field[1] };
  throw new Error(`unsupported condition in Go template: ${expr}`);
}

/**
 * Parses the subset of Go's text/template the ApplicationSet uses: `{{ .key }}`,
 * `{{ if eq .key "value" }}`/`{{ if .key }}`, `{{ else }}`, `{{ end }}` and `{{-`/`-}}` trimming.
 * Anything else is an error rather than a silent pass.
 */
function parseGoTemplate(source: string): Node[] {
  const root: Node[] = [];
  const stack: { nodes: Node[]; node?: Extract<Node, { type: 'if' }> }[] = [
    { nodes: root },
  ];
  let last = 0;
  let trimNext = false;
  const current = () => stack[stack.length - 1];
  for (const match of source.matchAll(ACTION)) {
    let text = source.slice(last, match.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (match[1] === '-') text = text.replace(/\s+$/, '');
    if (text) current().nodes.push({ type: 'text', text });
    trimNext = match[3] === '-';
    last = match.index! + match[0].length;
    const expr = match[2];
    if (expr.startsWith('if ')) {
      const node: Extract<Node, { type: 'if' }> = {
        type: 'if',
        test: parseTest(expr.slice(3).trim()),
        then: [],
        else: [],
      };
      current().nodes.push(node);
      stack.push({ nodes: node.then, node });
    } else if (expr === 'else') {
      const frame = current();
      if (!frame.node) throw new Error('{{ else }} outside {{ if }}');
      frame.nodes = frame.node.else;
    } else if (expr === 'end') {
      if (stack.length === 1) throw new Error('{{ end }} without {{ if }}');
      stack.pop();
    } else if (/^\.\w+$/.test(expr)) {
      current().nodes.push({ type: 'field', key: expr.slice(1) });
    } else {
      throw new Error(`unsupported Go template action: {{ ${expr} }}`);
    }
  }
  if (stack.length !== 1) throw new Error('unterminated {{ if }}');
  let tail = source.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, '');
  if (tail) root.push({ type: 'text', text: tail });
  return root;
}

function lookup(params: Record<string, unknown>, key: string): unknown {
  // goTemplateOptions: ["missingkey=error"]
  if (!(key in params)) throw new Error(`map has no entry for key "${key}"`);
  return params[key];
}

function evaluate(nodes: Node[], params: Record<string, unknown>): string {
  return nodes
    .map(node => {
      if (node.type === 'text') return node.text;
      if (node.type === 'field') return String(lookup(params, node.key));
      const value = lookup(params, node.test.key);
      const truthy =
        node.test.equals === undefined
          ? Boolean(value) && value !== 'false'
          : value === node.test.equals;
      return evaluate(truthy ? node.then : node.else, params);
    })
    .join('');
}

/** Renders a Go template string with the given parameters. */
function renderGoTemplate(
  source: string,
  params: Record<string, unknown>,
): string {
  return evaluate(parseGoTemplate(source), params);
}

function renderDeep(value: unknown, params: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    return value.includes('{{') ? renderGoTemplate(value, params) : value;
  }
  if (Array.isArray(value)) return value.map(v => renderDeep(v, params));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderDeep(v, params)]),
    );
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function merge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = key in out ? merge(out[key], value) : value;
  }
  return out;
}

/**
 * The Applications an ApplicationSet with list generators and `goTemplate: true` creates: its
 * template rendered per element, with `templatePatch` merged on top — what the ApplicationSet
 * controller would produce, so the sync policy of each environment can be asserted.
 */
export function expandApplicationSet(appSet: ArgoObject): ArgoObject[] {
  const spec = appSet.spec ?? {};
  if (spec.goTemplate !== true) {
    throw new Error('only goTemplate ApplicationSets are supported');
  }
  const apps: ArgoObject[] = [];
  for (const generator of spec.generators ?? []) {
    if (!generator.list) {
      throw new Error(
        `unsupported generator ${Object.keys(generator).join(', ')}`,
      );
    }
    for (const element of generator.list.elements ?? []) {
      const params = element as Record<string, unknown>;
      let app = renderDeep(spec.template, params) as Record<string, unknown>;
      if (spec.templatePatch) {
        const patch = yaml.parse(renderGoTemplate(spec.templatePatch, params));
        app = merge(app, patch ?? {}) as Record<string, unknown>;
      }
      apps.push({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        ...app,
      } as ArgoObject);
    }
  }
  return apps;
}
