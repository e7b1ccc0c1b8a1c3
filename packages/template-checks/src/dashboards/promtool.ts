import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { execute } from './processes';

/** An expression to check and where it came from. */
export interface Expression {
  where: string;
  expr: string;
}

/** What promtool said about one expression that does not parse. */
export interface ParseProblem {
  where: string;
  expr: string;
  error: string;
}

/**
 * Parses every expression with the real `promtool check rules`: each becomes a recording rule
 * of one rule file, so one promtool run checks them all and its messages name the rule (and with
 * it the expression) that failed.
 */
export async function promtoolParse(
  promtool: string,
  expressions: Expression[],
): Promise<{ problems: ParseProblem[]; output: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-promql-'));
  try {
    const file = path.join(dir, 'expressions.yml');
    await fs.writeFile(
      file,
      yaml.stringify({
        groups: [
          {
            name: 'expressions',
            rules: expressions.map((e, i) => ({
              record: `paved:expression_check:${i}`,
              expr: e.expr,
            })),
          },
        ],
      }),
    );
    const result = await execute(promtool, ['check', 'rules', file]);
    const output = `${result.stdout}${result.stderr}`;
    const problems: ParseProblem[] = [];
    for (const line of output.split('\n')) {
      const match = /rule (\d+), "paved:expression_check:\d+": (.*)$/.exec(
        line,
      );
      if (match) {
        const e = expressions[Number(match[1]) - 1];
        problems.push({ where: e.where, expr: e.expr, error: match[2] });
      }
    }
    if (result.code !== 0 && problems.length === 0) {
      problems.push({ where: '(promtool)', expr: '', error: output });
    }
    if (result.code === 0 && !/SUCCESS: (\d+) rules found/.test(output)) {
      throw new Error(`unexpected promtool output:\n${output}`);
    }
    return { problems, output };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
