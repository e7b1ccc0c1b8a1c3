import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/** What a command printed and how it ended. */
export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws for a non-zero exit. */
export function execute(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** A binary from PATH (or one of `extra`), or undefined. */
export function which(name: string, extra: string[] = []): string | undefined {
  const candidates = [
    ...extra,
    ...(process.env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map(dir => path.join(dir, name)),
  ];
  return candidates.find(candidate => {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A TCP port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// An agent of our own: the test environment may stub the global one to refuse network access,
// and everything here is on loopback.
const agent = new http.Agent({ keepAlive: false });

/** GET over HTTP on loopback; resolves with the status and body, rejects after `timeoutMs`. */
export function httpGet(
  url: string,
  timeoutMs = 5_000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: timeoutMs }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

export const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** A child process with its output kept for error messages. */
export class Child {
  readonly process: ChildProcess;
  output = '';
  exited: Promise<number | null>;
  #exitCode: number | null | undefined;

  constructor(
    command: string,
    args: string[],
    cwd?: string,
    env?: NodeJS.ProcessEnv,
  ) {
    this.process = spawn(command, args, {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      // Enough to explain a failure, bounded so a chatty process cannot fill memory.
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
    this.exited = new Promise(resolve => {
      this.process.on('exit', code => {
        this.#exitCode = code;
        resolve(code);
      });
      this.process.on('error', error => {
        keep(Buffer.from(String(error)));
        this.#exitCode = -1;
        resolve(-1);
      });
    });
    Child.#running.add(this);
    this.exited.then(() => Child.#running.delete(this));
  }

  get running(): boolean {
    return this.#exitCode === undefined;
  }

  /** The first line the process prints on stdout, or an error after `timeoutMs`. */
  firstLine(timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no output within ${timeoutMs} ms:\n${this.output}`),
          ),
        timeoutMs,
      );
      this.process.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const newline = buffer.indexOf('\n');
        if (newline >= 0) {
          clearTimeout(timer);
          resolve(buffer.slice(0, newline));
        }
      });
      this.exited.then(code => {
        clearTimeout(timer);
        reject(
          new Error(`exited with ${code} before printing:\n${this.output}`),
        );
      });
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (this.running) this.process.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  static readonly #running = new Set<Child>();

  /** Kills whatever is still running; for process exit, when no await is possible. */
  static killAll(): void {
    for (const child of Child.#running) {
      if (child.running) child.process.kill('SIGKILL');
    }
  }
}

// Should a test worker exit without running afterAll, take the servers with it.
process.once('exit', () => Child.killAll());
