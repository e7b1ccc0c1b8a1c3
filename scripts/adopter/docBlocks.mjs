// Reads the steps of docs/install.md that the adopter test applies, and applies them to an app.
// A step is a fenced code block right after a marker comment:
//
//   <!-- adopter-test: run -->                 ```sh      commands, run with bash in the app
//   <!-- adopter-test: merge-yaml FILE -->     ```yaml    deep-merged into FILE (lists: union)
//   <!-- adopter-test: patch FILE -->          ```diff    hunks separated by @@; the context and
//                                                         `-` lines must be found in FILE
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yaml = require('yaml');

const MARKER = /^<!--\s*adopter-test:\s*(\S+)(?:\s+(\S+))?\s*-->/;

/** `[{ op, file, lang, body, line }]` in document order. */
export function readDocSteps(markdownPath) {
  const lines = fs.readFileSync(markdownPath, 'utf8').split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = lines[i].match(MARKER);
    if (!marker) continue;
    let start = i + 1;
    while (start < lines.length && lines[start].trim() === '') start++;
    const fence = lines[start]?.match(/^```(\w*)\s*$/);
    if (!fence) {
      throw new Error(
        `${markdownPath}:${
          i + 1
        }: an adopter-test marker must be followed by a code block`,
      );
    }
    const end = lines.findIndex((l, j) => j > start && /^```\s*$/.test(l));
    if (end < 0)
      throw new Error(`${markdownPath}:${start + 1}: unclosed code block`);
    const [, op, file] = marker;
    if (!['run', 'merge-yaml', 'patch'].includes(op)) {
      throw new Error(
        `${markdownPath}:${i + 1}: unknown adopter-test step "${op}"`,
      );
    }
    if (op !== 'run' && !file) {
      throw new Error(`${markdownPath}:${i + 1}: "${op}" needs a file`);
    }
    steps.push({
      op,
      file,
      lang: fence[1],
      body: lines.slice(start + 1, end).join('\n'),
      line: i + 1,
    });
    i = end;
  }
  return steps;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep merge as a person adds a snippet to a YAML file: objects merge, lists gain new items. */
export function mergeValues(target, addition) {
  if (Array.isArray(target) && Array.isArray(addition)) {
    const seen = new Set(target.map(item => JSON.stringify(item)));
    return [
      ...target,
      ...addition.filter(item => !seen.has(JSON.stringify(item))),
    ];
  }
  if (isObject(target) && isObject(addition)) {
    const merged = { ...target };
    for (const [key, value] of Object.entries(addition)) {
      merged[key] = key in target ? mergeValues(target[key], value) : value;
    }
    return merged;
  }
  return addition;
}

export function mergeYamlFile(filePath, snippet) {
  const existing = fs.existsSync(filePath)
    ? yaml.parse(fs.readFileSync(filePath, 'utf8')) ?? {}
    : {};
  const merged = mergeValues(existing, yaml.parse(snippet));
  fs.writeFileSync(filePath, yaml.stringify(merged));
}

/** Applies a unified-diff-like block: every hunk's old lines must occur in the file, once. */
export function patchText(text, diff, what = 'the file') {
  const hunks = diff
    .split('\n')
    .reduce(
      (acc, line) => {
        if (line.startsWith('@@')) acc.push([]);
        else acc[acc.length - 1].push(line);
        return acc;
      },
      [[]],
    )
    .filter(hunk => hunk.length > 0);
  let result = text;
  for (const hunk of hunks) {
    const oldLines = hunk.filter(l => !l.startsWith('+')).map(l => l.slice(1));
    const newLines = hunk.filter(l => !l.startsWith('-')).map(l => l.slice(1));
    const oldText = oldLines.join('\n');
    const at = result.indexOf(oldText);
    if (at < 0 || result.indexOf(oldText, at + 1) >= 0) {
      throw new Error(
        `${what} does not contain exactly once the lines the doc patches:\n${oldText}`,
      );
    }
    result =
      result.slice(0, at) +
      newLines.join('\n') +
      result.slice(at + oldText.length);
  }
  return result;
}

export function patchFile(filePath, diff) {
  const text = fs.readFileSync(filePath, 'utf8');
  fs.writeFileSync(filePath, patchText(text, diff, filePath));
}

/**
 * Applies the doc's steps to the app in appDir. `runCommands(body, step)` runs a `run` block;
 * `rewrite(body)` may replace values that only the test knows (the local registry's URL).
 */
export async function applyDocSteps(
  steps,
  { appDir, runCommands, rewrite = b => b },
) {
  for (const step of steps) {
    const body = rewrite(step.body);
    if (step.op === 'run') await runCommands(body, step);
    else if (step.op === 'merge-yaml')
      mergeYamlFile(path.join(appDir, step.file), body);
    else patchFile(path.join(appDir, step.file), body);
  }
}
