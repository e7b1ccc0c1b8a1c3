import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer, SetupServer } from 'msw/node';

const run = promisify(execFile);

/** One request that reached the fake, for assertions. */
export interface FakeGitHubRequest {
  method: string;
  url: string;
  authorization: string | null;
}

/**
 * GitHub for tests, with no network: msw answers the REST calls `publish:github` and
 * Backstage's GitHub URL reader make, and git's own smart HTTP server (`git http-backend`)
 * receives pushes into bare repositories in a temp directory. Requests to loopback pass through,
 * any other host fails the request.
 */
export class FakeGitHub {
  readonly requests: FakeGitHubRequest[] = [];
  readonly #root: string;
  readonly #token: string;
  readonly #server: SetupServer;

  /** GitHub that accepts only `token`: on the API as `Bearer`/`token`, on git as the password. */
  static async start(options: { token: string }): Promise<FakeGitHub> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-github-'));
    return new FakeGitHub(root, options.token);
  }

  private constructor(root: string, token: string) {
    this.#root = root;
    this.#token = token;
    this.#server = setupServer(this.#authentication(), ...this.#handlers());
    this.#server.events.on('request:start', ({ request }) => {
      const { hostname } = new URL(request.url);
      if (hostname.endsWith('github.com')) {
        this.requests.push({
          method: request.method,
          url: request.url,
          authorization: request.headers.get('authorization'),
        });
      }
    });
    this.#server.listen({
      onUnhandledRequest: (request, print) => {
        const { hostname } = new URL(request.url);
        if (!['127.0.0.1', 'localhost', '::1'].includes(hostname)) {
          print.error();
        }
      },
    });
  }

  /** The bare repository `owner/name` was pushed to. */
  gitdir(fullName: string): string {
    return path.join(this.#root, `${fullName}.git`);
  }

  async repositories(): Promise<string[]> {
    const owners = await fs.readdir(this.#root).catch(() => []);
    const names = await Promise.all(
      owners.map(async owner =>
        (
          await fs.readdir(path.join(this.#root, owner))
        ).map(repo => `${owner}/${repo.replace(/\.git$/, '')}`),
      ),
    );
    return names.flat().sort();
  }

  /** `git show <ref>:<file>` of a pushed repository; undefined when it has no such file. */
  async show(fullName: string, ref: string, file: string) {
    try {
      const { stdout } = await run(
        'git',
        ['--git-dir', this.gitdir(fullName), 'show', `${ref}:${file}`],
        { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      );
      return stdout;
    } catch {
      return undefined;
    }
  }

  /** Creates `owner/name` with one commit of `files` on main, as if someone had pushed it. */
  async createRepository(
    fullName: string,
    files: Map<string, Buffer>,
  ): Promise<void> {
    const worktree = await fs.mkdtemp(
      path.join(os.tmpdir(), 'paved-worktree-'),
    );
    try {
      for (const [file, content] of files) {
        await fs.mkdir(path.dirname(path.join(worktree, file)), {
          recursive: true,
        });
        await fs.writeFile(path.join(worktree, file), content);
      }
      const git = (...args: string[]) => run('git', args, { cwd: worktree });
      await git('init', '--quiet', '--initial-branch', 'main');
      await git('add', '--all');
      await git(
        '-c',
        'user.name=Paved Test',
        '-c',
        'user.email=test@paved.local',
        'commit',
        '--quiet',
        '--message',
        'Initial commit',
      );
      await run('git', ['init', '--quiet', '--bare', this.gitdir(fullName)]);
      await git('push', '--quiet', this.gitdir(fullName), 'main');
    } finally {
      await fs.rm(worktree, { recursive: true, force: true });
    }
  }

  async stop(): Promise<void> {
    this.#server.close();
    await fs.rm(this.#root, { recursive: true, force: true });
  }

  /** Like GitHub: 401 without the token, before any other handler sees the request. */
  #authentication() {
    const basic = `Basic ${Buffer.from(
      `x-access-token:${this.#token}`,
    ).toString('base64')}`;
    return http.all(/^https:\/\/(api\.)?github\.com\//, ({ request }) => {
      const authorization = request.headers.get('authorization');
      if (
        authorization === `Bearer ${this.#token}` ||
        authorization === `token ${this.#token}` ||
        authorization === basic
      ) {
        return undefined;
      }
      return HttpResponse.json(
        { message: 'Requires authentication' },
        {
          status: 401,
          headers: { 'WWW-Authenticate': 'Basic realm="GitHub"' },
        },
      );
    });
  }

  #handlers() {
    const api = 'https://api.github.com';
    return [
      http.get(`${api}/users/:owner`, ({ params }) =>
        HttpResponse.json({ login: params.owner, type: 'Organization' }),
      ),
      http.post(`${api}/orgs/:owner/repos`, async ({ params, request }) => {
        const { name } = (await request.json()) as { name: string };
        const fullName = `${params.owner}/${name}`;
        await run('git', ['init', '--quiet', '--bare', this.gitdir(fullName)]);
        return HttpResponse.json(
          {
            name,
            full_name: fullName,
            html_url: `https://github.com/${fullName}`,
            clone_url: `https://github.com/${fullName}.git`,
          },
          { status: 201 },
        );
      }),
      http.put(`${api}/repos/:owner/:repo/branches/:branch/protection`, () =>
        HttpResponse.json({}),
      ),
      http.get(`${api}/repos/:owner/:repo`, ({ params }) =>
        HttpResponse.json({
          full_name: `${params.owner}/${params.repo}`,
          default_branch: 'main',
        }),
      ),
      http.get(
        `${api}/repos/:owner/:repo/commits/:ref/status`,
        async ({ params }) => {
          const { stdout } = await run('git', [
            '--git-dir',
            this.gitdir(`${params.owner}/${params.repo}`),
            'rev-parse',
            `${params.ref}^{commit}`,
          ]);
          return HttpResponse.json({
            sha: stdout.trim(),
            repository: {
              archive_url: `${api}/repos/${params.owner}/${params.repo}/{archive_format}{/ref}`,
            },
          });
        },
      ),
      // GitHub's tarballs put everything below one <owner>-<repo>-<short sha> folder.
      http.get(`${api}/repos/:owner/:repo/tarball/:sha`, async ({ params }) => {
        const sha = String(params.sha);
        const { stdout } = await run(
          'git',
          [
            '--git-dir',
            this.gitdir(`${params.owner}/${params.repo}`),
            'archive',
            '--format=tar.gz',
            `--prefix=${params.owner}-${params.repo}-${sha.slice(0, 7)}/`,
            sha,
          ],
          { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
        );
        return new HttpResponse(stdout, {
          headers: { 'content-type': 'application/x-gzip' },
        });
      }),
      http.get(
        `${api}/repos/:owner/:repo/contents/*`,
        async ({ params, request }) => {
          const ref = new URL(request.url).searchParams.get('ref') ?? 'HEAD';
          const file = (params[0] as string) ?? '';
          const content = await this.show(
            `${params.owner}/${params.repo}`,
            ref,
            file,
          );
          return content
            ? new HttpResponse(content)
            : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        },
      ),
      http.all('https://github.com/:owner/:repo/*', ({ params, request }) =>
        this.#smartHttp(`${params.owner}/${params.repo}`, params[0], request),
      ),
    ];
  }

  /** Hands a git smart HTTP request to `git http-backend`, the CGI program git ships. */
  async #smartHttp(repository: string, rest: unknown, request: Request) {
    const url = new URL(request.url);
    const body = Buffer.from(await request.arrayBuffer());
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.#root,
        GIT_HTTP_EXPORT_ALL: '1',
        // What GitHub does after checking the token: the push is an authenticated user's.
        REMOTE_USER: 'x-access-token',
        PATH_INFO: `/${repository}/${String(rest)}`,
        REQUEST_METHOD: request.method,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers.get('content-type') ?? '',
        CONTENT_LENGTH: String(body.length),
      },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', chunk => chunks.push(chunk));
    child.stdin.end(body);
    await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const output = Buffer.concat(chunks);
    const split = output.indexOf('\r\n\r\n');
    const headers = new Headers();
    let status = 200;
    for (const line of output
      .subarray(0, split)
      .toString('latin1')
      .split('\r\n')) {
      const [name, ...value] = line.split(': ');
      if (name.toLowerCase() === 'status') {
        status = Number.parseInt(value.join(': '), 10);
      } else {
        headers.set(name, value.join(': '));
      }
    }
    return new HttpResponse(output.subarray(split + 4), { status, headers });
  }
}
