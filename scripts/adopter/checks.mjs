// What the adopter test checks in the app it made (scripts/adopter/run.mjs). The expected values
// come from the Paved sources: action ids from the scaffolder module, template names from the
// templates module's files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../packages/publishable.mjs';

const require = createRequire(import.meta.url);
const yaml = require('yaml');

const TEMPLATES_PACKAGE =
  '@paved/plugin-catalog-backend-module-paved-templates';
// The Backstage packages Paved plugs into: the app must hold exactly one copy of each.
const SHARED_PACKAGES = [
  '@backstage/plugin-scaffolder-node',
  '@backstage/plugin-catalog-node',
  '@backstage/plugin-permission-node',
  '@backstage/backend-plugin-api',
  '@backstage/backend-defaults',
];
// A fresh create-app app already holds two copies of some frontend APIs (today 0.18.1 and 1.0.0
// of frontend-plugin-api, 3.2.3 and 4.0.0 of plugin-catalog-react): Paved's must be among them.
const SHARED_FRONTEND_PACKAGES = [
  '@backstage/core-plugin-api',
  '@backstage/frontend-plugin-api',
  '@backstage/plugin-catalog-react',
  '@backstage/core-components',
];

function assert(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`[adopter]   ok: ${message}`);
}

/** Versions `yarn why NAME` finds in the app. */
export function versionsInApp(appDir, name) {
  const out = execFileSync('yarn', ['why', name], {
    cwd: appDir,
    encoding: 'utf8',
  });
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(
    `${escaped}@(?:virtual:[^#\\s]+#)?npm:([0-9][^\\s)]*)`,
    'g',
  );
  return [...new Set([...out.matchAll(pattern)].map(m => m[1]))].sort();
}

/** The versions of NAME that `yarn why` shows under @paved packages, and under the others. */
export function versionsByDependent(whyOutput, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const child = new RegExp(
    `^[│ ]+[├└]─ ${escaped}@(?:virtual:[^#\\s]+#)?npm:([0-9][^\\s)]*)`,
  );
  const result = { paved: new Set(), others: new Set() };
  let parent = '';
  for (const line of whyOutput.split('\n')) {
    const top = line.match(/^[├└]─ (\S+)/);
    if (top) parent = top[1];
    const version = line.match(child)?.[1];
    if (version) {
      result[parent.startsWith('@paved/') ? 'paved' : 'others'].add(version);
    }
  }
  return result;
}

export async function checkNoNewFrontendCopies({ appDir }) {
  for (const name of SHARED_FRONTEND_PACKAGES) {
    const why = execFileSync('yarn', ['why', name], {
      cwd: appDir,
      encoding: 'utf8',
    });
    const { paved, others } = versionsByDependent(why, name);
    const added = [...paved].filter(v => !others.has(v));
    assert(
      added.length === 0,
      `Paved adds no copy of ${name} to the app (Paved uses ${
        [...paved].join(', ') || 'none'
      }; the app ${[...others].join(', ')})`,
    );
  }
}

export async function checkSingleCopies({ appDir }) {
  for (const name of SHARED_PACKAGES) {
    const versions = versionsInApp(appDir, name);
    assert(
      versions.length === 1,
      `one version of ${name} in the app (yarn why: ${
        versions.join(', ') || 'none'
      })`,
    );
  }
}

function pavedActionIds() {
  const dir = path.join(
    repoRoot,
    'plugins/scaffolder-backend-module-paved/src/actions',
  );
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.ts') && !file.includes('.test.'))
    .flatMap(file =>
      [
        ...fs
          .readFileSync(path.join(dir, file), 'utf8')
          .matchAll(/id: '(paved:[^']+)'/g),
      ].map(m => m[1]),
    )
    .sort();
}

export async function checkActions({ backend, token, pollJson }) {
  const expected = pavedActionIds();
  assert(
    expected.length > 0,
    `the scaffolder module defines actions (${expected.join(', ')})`,
  );
  const actions = await pollJson(
    `${backend.baseUrl}/api/scaffolder/v2/actions`,
    {
      token,
      what: 'the scaffolder actions',
      check: body => Array.isArray(body),
    },
  );
  const listed = actions
    .map(a => a.id)
    .filter(id => id.startsWith('paved:'))
    .sort();
  assert(
    JSON.stringify(listed) === JSON.stringify(expected),
    `GET /api/scaffolder/v2/actions lists the paved:* actions (${listed.join(
      ', ',
    )})`,
  );
}

function templateNames(templatesDir) {
  const names = [];
  for (const folder of fs.readdirSync(templatesDir)) {
    const dir = path.join(templatesDir, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
      const doc = yaml.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      if (doc?.kind === 'Template') names.push(doc.metadata.name);
    }
  }
  return names.sort();
}

export async function checkTemplates({ appDir, backend, token, pollJson }) {
  const installed = path.join(
    appDir,
    'node_modules',
    TEMPLATES_PACKAGE,
    'templates',
  );
  const expected = templateNames(installed);
  assert(
    JSON.stringify(expected) ===
      JSON.stringify(
        templateNames(
          path.join(
            repoRoot,
            'plugins/catalog-backend-module-paved-templates/templates',
          ),
        ),
      ),
    `the installed package ships every template of the repository (${expected.join(
      ', ',
    )})`,
  );
  const url = `${backend.baseUrl}/api/catalog/entities/by-query?filter=kind=template&fields=metadata.name,spec.owner`;
  const body = await pollJson(url, {
    token,
    timeoutMs: 90_000,
    what: `the Paved templates (${expected.join(', ')}) in the catalog`,
    check: b =>
      expected.every(name => b.items?.some(e => e.metadata.name === name)),
  });
  const owners = body.items
    .filter(e => expected.includes(e.metadata.name))
    .map(e => e.spec.owner);
  assert(
    owners.every(owner => owner === 'group:default/guests'),
    `the templates are in the catalog, owned as paved.templates.catalog.owner says (${owners.join(
      ', ',
    )})`,
  );
}

export async function checkDryRun({ appDir, backend, token, work }) {
  const template = path.join(
    appDir,
    'node_modules',
    TEMPLATES_PACKAGE,
    'templates/service/template.yaml',
  );
  const values = path.join(work, 'service-values.yaml');
  fs.writeFileSync(
    values,
    yaml.stringify({
      name: 'adopter-svc',
      description: 'Made by the adopter test',
      owner: 'group:default/guests',
      image: 'ghcr.io/acme/adopter-svc',
      port: 8080,
      environments: ['dev', 'prod'],
      publishTarget: 'local',
    }),
  );
  const out = path.join(work, 'dry-run');
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'scripts/scaffolder-dry-run.mjs'),
      '--backend',
      backend.baseUrl,
      '--token',
      token,
      '--template',
      template,
      '--values',
      values,
      '--out',
      out,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (const file of [
    'charts/adopter-svc/Chart.yaml',
    'charts/adopter-svc/values-prod.yaml',
    'argocd/applicationset.yaml',
    'terraform/environments/dev/main.tf',
    'terraform/environments/prod/main.tf',
    '.github/workflows/build.yaml',
    'catalog-info.yaml',
  ]) {
    assert(
      fs.existsSync(path.join(out, file)),
      `the dry run of service produced ${file}`,
    );
  }
}

async function guestToken(backend) {
  const res = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).backstageIdentity.token;
}

export async function checkPolicy({ backend }) {
  // create-app's guest is user:development/guest, no admin; the allow-all policy the doc removes
  // would let it dry-run, the Paved policy keeps dry runs for admins.
  const token = await guestToken(backend);
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const read = await fetch(`${backend.baseUrl}/api/catalog/entities?limit=1`, {
    headers,
  });
  assert(
    read.status === 200,
    `a signed-in guest reads the catalog (HTTP ${read.status})`,
  );
  const decision = await fetch(`${backend.baseUrl}/api/permission/authorize`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      items: [
        {
          id: 'adopter',
          permission: {
            type: 'basic',
            name: 'scaffolder.template.dry-run',
            attributes: {},
          },
        },
      ],
    }),
  });
  const body = await decision.json();
  assert(
    decision.status === 200 && body.items?.[0]?.result === 'DENY',
    `the Paved policy denies a non-admin's dry run (${JSON.stringify(
      body.items ?? body,
    )})`,
  );
}

export async function checkInvalidConfig({
  appDir,
  work,
  startBackend,
  findFreePort,
  env,
  cleanups,
}) {
  const port = await findFreePort();
  const config = path.join(appDir, 'app-config.adopter-invalid.yaml');
  fs.writeFileSync(
    config,
    yaml.stringify({
      backend: { baseUrl: `http://localhost:${port}`, listen: { port } },
      paved: {
        templates: {
          environments: {
            prod: { argocdServer: 'http://plain-http.example.com' },
          },
        },
      },
    }),
  );
  const backend = startBackend({
    root: appDir,
    configs: ['app-config.yaml', config],
    port,
    logFile: path.join(work, 'backend-invalid.log'),
    env,
  });
  cleanups.push(() => backend.stop());
  const deadline = Date.now() + 120_000;
  while (!/paved\.templates\.environments/.test(backend.readLog())) {
    if (Date.now() > deadline || backend.exitInfo) {
      throw new Error(
        `no paved.templates.environments error in the log:\n${backend
          .readLog()
          .slice(-3000)}`,
      );
    }
    await sleep(500);
  }
  await sleep(2_000);
  const res = await fetch(
    `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
  ).catch(e => ({ status: e.cause?.code ?? e.message }));
  assert(
    !backend.exitInfo && res.status === 503,
    `an invalid paved.* value leaves the backend running with readiness 503 (HTTP ${res.status}) and the key in the log`,
  );
  await backend.stop();
}

const RUNTIME_API = '/api/paved-runtime/v1/entities';

/** The runtime API answers for a create-app example entity, with the caller's credentials only. */
export async function checkRuntime({ backend, token, pollJson }) {
  const url = `${backend.baseUrl}${RUNTIME_API}/component/default/example-website`;
  const body = await pollJson(url, {
    token,
    timeoutMs: 60_000,
    what: 'the runtime API for component:default/example-website',
    check: b => Array.isArray(b.environments) && Array.isArray(b.errors),
  });
  assert(
    body.entityRef === 'component:default/example-website',
    `the runtime API answers for component:default/example-website (${body.environments.length} environments, ${body.errors.length} errors)`,
  );
  const anonymous = await fetch(url);
  assert(
    anonymous.status === 401,
    `the runtime API refuses a caller without credentials (HTTP ${anonymous.status})`,
  );
  const missing = await fetch(
    `${backend.baseUrl}${RUNTIME_API}/component/default/no-such-component`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  assert(
    missing.status === 404,
    `the runtime API answers 404 for an entity that does not exist (HTTP ${missing.status})`,
  );
}

/** The app's production build holds the runtime cards, in chunks of their own. */
export async function checkCardsBundle({ appDir }) {
  execFileSync('yarn', ['workspace', 'app', 'build'], {
    cwd: appDir,
    stdio: 'inherit',
  });
  const dist = path.join(appDir, 'packages/app/dist/static');
  const chunks = fs
    .readdirSync(dist)
    .filter(file => file.endsWith('.js'))
    .filter(file =>
      fs.readFileSync(path.join(dist, file), 'utf8').includes('paved-runtime'),
    );
  assert(
    chunks.length > 0,
    `the app's build bundles @paved/plugin-paved-runtime (${chunks.length} chunks mention paved-runtime)`,
  );
}

/** `npx @paved/cli`, as docs/environments.md tells CI pipelines, from the registry. */
export async function checkCli({ registry, work }) {
  const dir = path.join(work, 'cli');
  fs.mkdirSync(dir, { recursive: true });
  // A cache of its own: npx would otherwise run an earlier run's @paved/cli of the same version.
  const usage = execFileSync(
    'npm',
    [
      'exec',
      '--yes',
      '--registry',
      registry.url,
      '--cache',
      path.join(work, 'npm-cache'),
      '--package',
      '@paved/cli',
      '--',
      'paved',
      '--help',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  assert(
    usage.includes('paved env provision'),
    'npx @paved/cli --help prints the usage of paved env',
  );
}
