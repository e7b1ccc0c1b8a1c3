import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs one of this package's `.mjs` scripts in a child Node process: it reads JSON on stdin and
 * writes JSON on stdout. The checks use it for what cannot run inside Jest (ES-module-only
 * packages, WebAssembly runtimes that clash in one process).
 */
export function runNodeScript<T>(
  scriptPath: string,
  input: unknown,
): Promise<T> {
  const name = path.basename(scriptPath);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [scriptPath], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => {
      if (code !== 0) {
        reject(new Error(`${name} exited with ${code}:\n${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout));
    });
    child.stdin.end(JSON.stringify(input));
  });
}
