// Integration test: the local backend keeps what users registered across a restart.
//
//   node --test packages/backend/integration/persistence.test.mjs
//
// Starts the backend with app-config.yaml and its on-disk SQLite (in a temp directory here),
// registers a component the way the catalog-import page does (POST /api/catalog/locations with the
// URL of a repository published to the local git directory), stops the backend, starts it again
// on the same directory and checks that the location and the component are still there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  describeLog,
  findFreePort,
  pollJson,
  repoRoot,
  startBackend,
  waitForReady,
} from '../../../scripts/lib/backend.mjs';

const COMPONENT = 'imported-service';
const artifactsDir = path.join(
  repoRoot,
  '.paved/artifacts/integration/persistence',
);

function git(args, cwd) {
  const res = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Paved test',
      GIT_AUTHOR_EMAIL: 'test@paved.local',
      GIT_COMMITTER_NAME: 'Paved test',
      GIT_COMMITTER_EMAIL: 'test@paved.local',
    },
  });
  assert.equal(res.status, 0, `git ${args.join(' ')}: ${res.stderr}`);
}

/** A bare repository `<name>.git` in `gitDir` whose main branch holds a catalog-info.yaml. */
function publishRepository(gitDir, name) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-import-'));
  fs.writeFileSync(
    path.join(work, 'catalog-info.yaml'),
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${name}`,
      '  description: Registered through catalog import',
      'spec:',
      '  type: service',
      '  lifecycle: experimental',
      '  owner: group:default/product-team',
      '',
    ].join('\n'),
  );
  git(['init', '-q', '-b', 'main'], work);
  git(['add', '.'], work);
  git(['commit', '-q', '-m', 'catalog-info'], work);
  git(
    ['clone', '-q', '--bare', work, path.join(gitDir, `${name}.git`)],
    os.tmpdir(),
  );
  fs.rmSync(work, { recursive: true, force: true });
}

describe('the local backend after a restart', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-persist-'));
  const token = randomBytes(24).toString('hex');
  let port;
  let backend;

  async function start(run) {
    backend = startBackend({
      configs: ['app-config.yaml', path.join(dir, 'override.yaml')],
      port,
      logFile: path.join(artifactsDir, `backend-${run}.log`),
    });
    await waitForReady(backend);
  }

  before(async () => {
    port = await findFreePort();
    fs.mkdirSync(path.join(dir, 'git'));
    fs.writeFileSync(
      path.join(dir, 'override.yaml'),
      JSON.stringify({
        app: { baseUrl: `http://localhost:${port}` },
        backend: {
          baseUrl: `http://localhost:${port}`,
          listen: `127.0.0.1:${port}`,
          database: {
            client: 'better-sqlite3',
            connection: { directory: path.join(dir, 'sqlite') },
          },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token, subject: 'persistence-test' },
              },
            ],
          },
        },
        paved: { localGit: { directory: path.join(dir, 'git') } },
      }),
    );
    publishRepository(path.join(dir, 'git'), COMPONENT);
  });

  after(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a component registered through catalog import', async () => {
    const target = `file://${path.join(
      dir,
      'git',
      `${COMPONENT}.git`,
    )}/blob/main/catalog-info.yaml`;
    const entityUrl = () =>
      `${backend.baseUrl}/api/catalog/entities/by-name/component/default/${COMPONENT}`;

    await start('first');
    const registered = await fetch(`${backend.baseUrl}/api/catalog/locations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ type: 'url', target }),
    });
    assert.equal(registered.status, 201, await registered.text());
    await pollJson(entityUrl(), {
      token,
      check: () => true,
      what: 'the imported component',
    });
    await backend.stop();

    await start('second').catch(error => {
      throw new Error(`${error.message}\n${describeLog(backend)}`);
    });
    const entity = await pollJson(entityUrl(), {
      token,
      check: () => true,
      timeoutMs: 30_000,
      what: 'the imported component after the restart',
    });
    assert.equal(
      entity.metadata.description,
      'Registered through catalog import',
    );
    const locations = await pollJson(
      `${backend.baseUrl}/api/catalog/locations`,
      {
        token,
        check: body => Array.isArray(body),
      },
    );
    assert.ok(
      locations.some(l => l.data.target === target),
      `the location ${target} survives the restart`,
    );
    assert.ok(
      fs.existsSync(path.join(dir, 'sqlite', 'catalog.sqlite')),
      'the catalog database is a file on disk',
    );
  });
});
