// Integration test: the backend on PostgreSQL with the production config.
//
//   yarn workspace backend test:integration        (node --test integration/)
//   node --test packages/backend/integration/postgres.test.mjs
//
// Creates a private PostgreSQL cluster (initdb + pg_ctl, Debian's postgresql package:
// /usr/lib/postgresql/<version>/bin, or PATH, or PAVED_PG_BIN) in a temp directory on a free
// loopback port, starts the backend with app-config.yaml + app-config.production.yaml + a generated
// override (same start command as the e2e run: scripts/lib/backend.mjs), and checks readiness, the
// catalog API, the per-plugin databases and the catalog's migrated tables. The backend, the cluster
// and the temp directory are removed afterwards, also when something fails.
//
// It never skips: without the PostgreSQL server binaries it fails and says what to install. As
// root, PostgreSQL runs as the `postgres` system user (created if missing) through runuser, because
// initdb and postgres refuse to run as root.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
// The helper that scripts/e2e/run.mjs uses too, so both start the backend the same way.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  describeLog,
  findFreePort,
  pollJson,
  repoRoot,
  startBackend,
  waitForReady,
} from '../../../scripts/lib/backend.mjs';

const EXAMPLE_COMPONENTS = ['orders-api', 'vision-inference', 'billing-worker'];
const PLUGIN_DATABASES = [
  'backstage_plugin_app',
  'backstage_plugin_auth',
  'backstage_plugin_catalog',
  'backstage_plugin_scaffolder',
  'backstage_plugin_search',
];
const CATALOG_TABLES = [
  'final_entities',
  'refresh_state',
  'relations',
  'locations',
  'search',
];

const artifactsDir = path.join(
  repoRoot,
  '.paved/artifacts/integration/postgres',
);
const isRoot = process.getuid?.() === 0;

function sh(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (res.error)
    throw new Error(`${cmd} ${args.join(' ')}: ${res.error.message}`);
  if (res.status !== 0 && !options.allowFailure) {
    throw new Error(
      `${cmd} ${args.join(' ')} exited with ${res.status}\n${res.stdout}\n${
        res.stderr
      }`.trim(),
    );
  }
  return res;
}

/** initdb and pg_ctl: PAVED_PG_BIN, Debian's /usr/lib/postgresql/<v>/bin (15 first), or PATH. */
function findPostgresBin() {
  const candidates = [];
  if (process.env.PAVED_PG_BIN) candidates.push(process.env.PAVED_PG_BIN);
  candidates.push('/usr/lib/postgresql/15/bin');
  try {
    for (const v of fs
      .readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))) {
      candidates.push(`/usr/lib/postgresql/${v}/bin`);
    }
  } catch {
    /* no Debian layout */
  }
  candidates.push(
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
  );
  const found = candidates.find(
    dir =>
      fs.existsSync(path.join(dir, 'initdb')) &&
      fs.existsSync(path.join(dir, 'pg_ctl')),
  );
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found in PAVED_PG_BIN, ' +
        '/usr/lib/postgresql/*/bin or PATH. Install them (Debian/Ubuntu: apt-get install ' +
        'postgresql) — this test does not skip without them.',
    );
  }
  return found;
}

/** As root: the `postgres` system user (created if missing); otherwise the current user. */
function postgresUser() {
  if (!isRoot) return undefined;
  let res = sh('id', ['-u', 'postgres'], { allowFailure: true });
  if (res.status !== 0) {
    sh('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    res = sh('id', ['-u', 'postgres']);
  }
  return {
    name: 'postgres',
    uid: Number(res.stdout.trim()),
    gid: Number(sh('id', ['-g', 'postgres']).stdout.trim()),
  };
}

const token = randomBytes(24).toString('hex');
const password = randomBytes(16).toString('hex');
const state = {};

/** Runs a PostgreSQL binary as the cluster's owner. */
function asOwner(bin, args, options) {
  const exe = path.join(state.pgBin, bin);
  return state.user
    ? sh('runuser', ['-u', state.user.name, '--', exe, ...args], options)
    : sh(exe, args, options);
}

function stopPostgres(mode) {
  if (!state.pgStarted) return;
  const args = ['-D', state.dataDir, '-m', mode, '-w', '-t', '30', 'stop'];
  asOwner('pg_ctl', args, { allowFailure: true });
  state.pgStarted = false;
}

function removeTmp() {
  if (!state.tmp) return;
  fs.rmSync(state.tmp, { recursive: true, force: true });
  state.tmp = undefined;
}

// When the process exits without the after hook (interrupted, crashed).
function onExit() {
  try {
    stopPostgres('immediate');
  } finally {
    removeTmp();
  }
}
function onSignal(signal) {
  const stopped = state.backend?.stop({ graceMs: 3_000 }) ?? Promise.resolve();
  stopped.finally(() => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

async function startPostgres() {
  state.pgBin = findPostgresBin();
  state.user = postgresUser();

  // Data directory, password file and Unix socket in one temp directory owned by the cluster's
  // user (under /tmp as root, so that the postgres user can reach it).
  state.tmp = fs.mkdtempSync(
    path.join(isRoot ? '/tmp' : os.tmpdir(), 'paved-pg-'),
  );
  state.dataDir = path.join(state.tmp, 'data');
  const pwFile = path.join(state.tmp, 'pwfile');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (state.user) {
    fs.chownSync(state.tmp, state.user.uid, state.user.gid);
    fs.chownSync(pwFile, state.user.uid, state.user.gid);
  }
  asOwner('initdb', [
    ...['-D', state.dataDir, '-U', 'postgres', '--pwfile', pwFile],
    ...['--auth-local=trust', '--auth-host=scram-sha-256'],
    ...['--encoding=UTF8', '--locale=C'],
  ]);
  fs.rmSync(pwFile);

  state.pgPort = await findFreePort();
  state.pgLog = path.join(state.tmp, 'postgres.log');
  const serverOptions = [
    `-p ${state.pgPort}`,
    `-k ${state.tmp}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
  ].join(' ');
  asOwner('pg_ctl', [
    ...['-D', state.dataDir, '-l', state.pgLog, '-w', '-t', '60'],
    ...['-o', serverOptions, 'start'],
  ]);
  state.pgStarted = true;
}

async function startBackendOnPostgres() {
  // The production config, with what differs on this machine in a generated override.
  state.port = await findFreePort();
  const baseUrl = `http://localhost:${state.port}`;
  const override = path.join(state.tmp, 'app-config.integration.yaml');
  const abs = p => JSON.stringify(path.join(repoRoot, p));
  fs.writeFileSync(
    override,
    `# Generated by packages/backend/integration/postgres.test.mjs
app:
  baseUrl: ${baseUrl}
backend:
  baseUrl: ${baseUrl}
  listen: 127.0.0.1:${state.port}
  cors:
    origin: ${baseUrl}
  auth:
    externalAccess:
      - type: static
        options:
          token: ${token}
          subject: paved-integration-test
auth:
  providers:
    # Production sign-in needs an OIDC issuer (AUTH_OIDC_*) or the auth plugin fails at start-up;
    # sign-in.test.mjs tests it against a real one, this test is about the database.
    oidc: null
catalog:
  # app-config.production.yaml's locations are relative to the working directory of a deployed
  # backend (the image's /app); this backend runs in packages/backend, so use absolute paths.
  locations:
    - type: file
      target: ${abs('examples/entities.yaml')}
    - type: file
      target: ${abs('examples/org.yaml')}
      rules:
        - allow: [User, Group]
`,
  );
  state.backend = startBackend({
    configs: ['app-config.yaml', 'app-config.production.yaml', override],
    port: state.port,
    logFile: path.join(artifactsDir, 'backend.log'),
    env: {
      NODE_ENV: 'production',
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: String(state.pgPort),
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: password,
    },
  });
  state.readyMs = await waitForReady(state.backend, { timeoutMs: 180_000 });
}

async function query(database, sql) {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: state.pgPort,
    user: 'postgres',
    password,
    database,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// A failed set-up is rethrown by every test: a throwing `before` hook would only mark the tests
// cancelled, and the run would end with "# fail 0".
function setUp() {
  if (state.setupError) throw state.setupError;
}

describe(
  'backend on PostgreSQL, production config',
  { timeout: 300_000 },
  () => {
    before(async () => {
      process.once('exit', onExit);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      fs.rmSync(artifactsDir, { recursive: true, force: true });
      fs.mkdirSync(artifactsDir, { recursive: true });
      try {
        await startPostgres();
        await startBackendOnPostgres();
      } catch (error) {
        state.setupError = error;
      }
    });

    after(async () => {
      try {
        await state.backend?.stop();
        if (state.pgLog && fs.existsSync(state.pgLog)) {
          fs.copyFileSync(state.pgLog, path.join(artifactsDir, 'postgres.log'));
        }
        stopPostgres('fast');
      } finally {
        onExit();
        process.removeListener('exit', onExit);
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });

    it('answers readiness with 200', async () => {
      setUp();
      const res = await fetch(
        `http://127.0.0.1:${state.port}/.backstage/health/v1/readiness`,
      );
      assert.equal(res.status, 200, describeLog(state.backend));
    });

    it('serves the example components from the catalog API', async () => {
      setUp();
      const url = `http://127.0.0.1:${state.port}/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name,spec.system&limit=100`;
      const unauthenticated = await fetch(url);
      assert.equal(
        unauthenticated.status,
        401,
        'the catalog API must require a token',
      );

      const body = await pollJson(url, {
        token,
        timeoutMs: 90_000,
        what: `the catalog to ingest ${EXAMPLE_COMPONENTS.join(', ')}`,
        check: b =>
          EXAMPLE_COMPONENTS.every(n =>
            b.items.some(e => e.metadata.name === n),
          ),
      });
      for (const name of EXAMPLE_COMPONENTS) {
        const entity = body.items.find(e => e.metadata.name === name);
        assert.equal(
          entity.spec.system,
          'shop',
          `${name} belongs to system shop`,
        );
      }
    });

    it('created a database per plugin in PostgreSQL', async () => {
      setUp();
      const rows = await query(
        'postgres',
        'SELECT datname FROM pg_database ORDER BY datname',
      );
      const names = rows.map(r => r.datname);
      for (const db of PLUGIN_DATABASES) {
        assert.ok(
          names.includes(db),
          `no database ${db}; have: ${names.join(', ')}`,
        );
      }
    });

    it('migrated the catalog tables and stored the entities', async () => {
      setUp();
      const catalog = sql => query('backstage_plugin_catalog', sql);
      const tables = (
        await catalog(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        )
      ).map(r => r.table_name);
      for (const table of [...CATALOG_TABLES, 'knex_migrations']) {
        assert.ok(
          tables.includes(table),
          `no catalog table ${table}; have: ${tables.join(', ')}`,
        );
      }
      const [{ migrations }] = await catalog(
        'SELECT count(*)::int AS migrations FROM knex_migrations',
      );
      assert.ok(migrations > 0, 'no catalog migration recorded');
      const stored = (
        await catalog(
          "SELECT entity_ref FROM final_entities WHERE entity_ref LIKE 'component:default/%'",
        )
      ).map(r => r.entity_ref);
      for (const name of EXAMPLE_COMPONENTS) {
        assert.ok(
          stored.includes(`component:default/${name}`),
          `final_entities lacks component:default/${name}`,
        );
      }
    });
  },
);
