import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The first of `candidates` that exists, else undefined (the caller skips with a message). */
export function findBinary(...candidates: string[]): string | undefined {
  return candidates.find(c => fs.existsSync(c));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Daemon {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/**
 * Starts `binary` with `args(port, dir)` on a loopback port (`port`, else a free one) in a
 * temporary directory and waits until `ready(url)` resolves true; stop() kills exactly this
 * process and removes the directory.
 */
export async function startDaemon(options: {
  binary: string;
  args: (port: number, dir: string) => string[];
  ready: (url: string, port: number) => Promise<boolean>;
  port?: number;
  timeoutMs?: number;
}): Promise<Daemon> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-observability-'));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(options.binary, options.args(port, dir), {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', d => (output += d));
  child.stderr?.on('data', d => (output += d));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await options.ready(url, port).catch(() => false)) {
      return { url, port, dir, stop };
    }
    await new Promise(r => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`${options.binary} did not start:\n${output.slice(-2000)}`);
}

/** True when an HTTP GET of `url` answers 200. */
export async function answers200(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  return res.status === 200;
}
