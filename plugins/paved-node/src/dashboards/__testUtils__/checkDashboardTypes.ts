import path from 'node:path';
import ts from 'typescript';

/**
 * The Grafana Foundation SDK has no runtime validator, but its TypeScript types are the schema.
 * This compiles `const dashboard: CheckedDashboard = <json>` with the TypeScript compiler, so an
 * unknown key, a missing required field or a value outside an enum is a type error.
 *
 * `Json<T>` turns the SDK types into what JSON can hold: string enums become their literal
 * values, methods (the SDK's `_implementsDataqueryVariant` marker) disappear. Panels are checked as
 * time series panels (options, field config `custom`, Prometheus targets) or rows.
 */
const PRELUDE = `
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Json<T> = IsAny<T> extends true
  ? any
  : T extends string
    ? \`\${T}\`
    : T extends number | boolean | null | undefined
      ? T
      : T extends readonly (infer U)[]
        ? Json<U>[]
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: any[]) => any ? never : K]: Json<T[K]> }
          : T;

type TimeseriesPanel = Omit<Json<dashboard.Panel>, 'type' | 'targets' | 'options' | 'fieldConfig'> & {
  type: 'timeseries';
  targets: Json<prometheus.Dataquery>[];
  options: Json<timeseries.Options>;
  fieldConfig: Omit<Json<dashboard.FieldConfigSource>, 'defaults'> & {
    defaults: Omit<Json<dashboard.FieldConfig>, 'custom'> & {
      custom: Json<timeseries.FieldConfig>;
    };
  };
};
type RowPanel = Json<dashboard.RowPanel>;
type CheckedDashboard = Omit<Json<dashboard.Dashboard>, 'panels' | 'annotations'> & {
  panels: (TimeseriesPanel | RowPanel)[];
  annotations: { list: Omit<Json<dashboard.AnnotationQuery>, 'target'>[] };
};

export const checked: CheckedDashboard = `;

/**
 * Type-checks a dashboard (parsed JSON) against the Grafana Foundation SDK's types and returns
 * the compiler's messages; an empty list means it conforms.
 */
export function checkDashboardTypes(dashboard: unknown): string[] {
  // Next to this file, so '@grafana/grafana-foundation-sdk' resolves like it does for the package.
  const fileName = path.join(__dirname, '__checked_dashboard__.ts');
  const source = `${PRELUDE}${JSON.stringify(dashboard, null, 2)};\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    path.resolve(name) === fileName
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile(name, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = name => path.resolve(name) === fileName || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = name =>
    path.resolve(name) === fileName ? source : readFile(name);

  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map(d => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const where = path.basename(d.file.fileName);
    const snippet = d.file.text.split('\n')[line]?.trim();
    return `${where}:${line + 1}: ${text}${
      snippet ? `\n    at: ${snippet}` : ''
    }`;
  });
}
