// Shared harness for the browser specs in scripts/e2e/specs/*.spec.mjs.
//
// The specs run under node's test runner (one process per spec file) against a backend that
// scripts/e2e/run.mjs started and that serves the built app; run.mjs passes the URL in
// PAVED_E2E_BASE_URL. A spec calls `useBrowser('<spec name>')` inside a `describe`, which registers
// the hooks that launch headless Chromium, open one page for the whole spec and close it, and an
// afterEach hook that fails the test that just ran if the page logged a console error or threw an
// uncaught error that is not on the allowlist below.
//
//   import { describe } from 'node:test';
//   import { useBrowser } from '../harness.mjs';
//   describe('catalog', () => {
//     const b = useBrowser('catalog');
//     b.test('lists the components', async ({ page, shot }) => { … await shot('list'); });
//   });
import { after, afterEach, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, LOOPBACK_HOSTS } from '../lib/chromium.mjs';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

export const baseUrl = process.env.PAVED_E2E_BASE_URL;
export const artifactsDir =
  process.env.PAVED_E2E_ARTIFACTS ||
  path.join(repoRoot, '.paved/artifacts/e2e');

// Hosts the app may talk to (LOOPBACK_HOSTS); everything else is intercepted (the machines that
// run this have loopback networking only, and a test must not depend on the internet).

// Canned answers for external APIs that widgets of the app call from the browser.
const STUBS = [
  {
    // The home page's HomePageRandomJoke widget (packages/app home defaultConfig) fetches a joke
    // from the public internet. Offline, the fetch fails and the widget leaves an *uncaught*
    // "Failed to fetch" rejection, so answer with a fixed joke to keep the page deterministic.
    match: url => url.hostname === 'official-joke-api.appspot.com',
    body: {
      id: 1,
      type: 'programming',
      setup: 'E2E setup',
      punchline: 'E2E punchline',
    },
  },
];

// Browser errors that are expected and harmless. Each entry says why. Keep this list short:
// anything not matched fails the test during which it was logged.
const BENIGN_ERRORS = [
  {
    why:
      'a request to a non-loopback host that this harness aborted itself (see LOOPBACK_HOSTS); ' +
      'the aborted URLs are written to <spec>.console.log',
    match: (e, session) =>
      e.type === 'console' &&
      /^Failed to load resource: net::ERR_FAILED/.test(e.text) &&
      session.abortedUrls.has(e.url),
  },
  {
    why:
      "the scaffolder form's RJSF Form (@rjsf/core validateForm) logs console.error('Form " +
      "validation failed', errors) whenever Next finds invalid input, because Backstage's " +
      'scaffolder Stepper passes no onError; the form shows the same errors to the user ' +
      '(scaffold.spec.mjs tests an invalid name on purpose)',
    match: e =>
      e.type === 'console' &&
      e.level === 'error' &&
      /^Form validation failed\b/.test(e.text),
  },
];

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/**
 * Registers before/after/afterEach hooks for one browser page shared by the tests of the current
 * `describe`, and returns the session. Call it synchronously inside `describe`.
 */
export function useBrowser(specName) {
  assert.ok(
    baseUrl,
    'PAVED_E2E_BASE_URL is not set: run the specs through scripts/e2e/run.mjs',
  );
  const specSlug = slug(specName);
  const session = {
    browser: undefined,
    context: undefined,
    page: undefined,
    /** every console message, page error and failed request, in order */
    events: [],
    /** unexpected errors since the last check */
    pending: [],
    abortedUrls: new Set(),
    shotCount: 0,
    consoleLog: path.join(artifactsDir, `${specSlug}.console.log`),
  };

  const record = event => {
    session.events.push(event);
    fs.appendFileSync(
      session.consoleLog,
      `${new Date().toISOString()} [${event.type}${
        event.level ? `:${event.level}` : ''
      }] ${event.text}${event.url ? `  (${event.url})` : ''}\n`,
    );
    const isError =
      event.type === 'pageerror' ||
      (event.type === 'console' && event.level === 'error');
    if (isError && !BENIGN_ERRORS.some(b => b.match(event, session))) {
      session.pending.push(event);
    }
  };

  /** The next screenshot's file: .paved/artifacts/e2e/<spec>--<NN>-<step>.png */
  const shotFile = step => {
    session.shotCount += 1;
    return path.join(
      artifactsDir,
      `${specSlug}--${String(session.shotCount).padStart(2, '0')}-${slug(
        step,
      )}.png`,
    );
  };

  /** Screenshot of the whole page. */
  session.shot = async step => {
    const file = shotFile(step);
    // Let lazy cards (relations graph, tables) finish loading so the picture shows the step.
    await session.page
      .waitForLoadState('networkidle', { timeout: 5_000 })
      .catch(() => {});
    await session.page.screenshot({ path: file, fullPage: true });
    return file;
  };

  /** Screenshot of one element (a card). */
  session.shotElement = async (locator, step) => {
    const file = shotFile(step);
    await locator.screenshot({ path: file });
    return file;
  };

  /** Opens a path of the app (relative to the base URL). */
  session.goto = async appPath => {
    await session.page.goto(new URL(appPath, baseUrl).toString(), {
      waitUntil: 'load',
    });
  };

  /**
   * Signs in with the guest provider if the sign-in page shows (the app's sign-in page offers
   * "Guest — Enter"); afterwards the sidebar is visible. The identity stays in the browser
   * context, so later page loads of the spec are signed in.
   */
  session.signInAsGuest = async () => {
    const { page } = session;
    await session.goto('/');
    const enter = page.getByRole('button', { name: /^enter$/i });
    // The sidebar's <nav> has no box of its own (its drawer is position: fixed), so wait for one
    // of its links instead.
    const sidebar = page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Settings', exact: true });
    await enter.or(sidebar).first().waitFor();
    if (await enter.isVisible()) {
      await page.getByText('Enter as a Guest User.').waitFor();
      await session.shot('sign-in-page');
      await enter.click();
    }
    await sidebar.waitFor();
  };

  /** Fails if the page shows a Backstage error panel or error boundary. */
  session.assertNoCrash = async () => {
    const text = await session.page.locator('body').innerText();
    const crash = text.match(
      /^(Error in [\w-]+|Error in extension '[^']*'|Something went wrong.*|ChunkLoadError.*|Loading chunk \S+ failed.*)$/m,
    );
    assert.equal(crash, null, `the page shows an error: ${crash?.[0]}`);
  };

  /** Throws (and clears) the unexpected browser errors recorded since the last call. */
  session.assertNoBrowserErrors = () => {
    const errors = session.pending.splice(0);
    if (errors.length) {
      assert.fail(
        `${errors.length} unexpected browser error(s):\n` +
          errors
            .map(e => `  [${e.type}] ${e.text}${e.url ? ` (${e.url})` : ''}`)
            .join('\n') +
          `\n(allowlist real noise in BENIGN_ERRORS of scripts/e2e/harness.mjs, with a reason)`,
      );
    }
  };

  /** A test of this spec; screenshots the page as `<name>-failed` when it fails. */
  session.test = (name, fn, options = {}) =>
    it(name, options, async t => {
      try {
        await fn(session, t);
      } catch (error) {
        if (session.page) {
          await session
            .shot(`${slug(name).slice(0, 50)}-failed`)
            .catch(() => {});
        }
        throw error;
      }
    });

  before(async () => {
    fs.mkdirSync(artifactsDir, { recursive: true });
    fs.writeFileSync(session.consoleLog, '');
    session.browser = await launchChromium();
    session.context = await session.browser.newContext({
      viewport: { width: 1280, height: 900 },
    });
    await session.context.route(
      url =>
        !LOOPBACK_HOSTS.has(url.hostname) && /^https?:$/.test(url.protocol),
      async route => {
        const url = new URL(route.request().url());
        const stub = STUBS.find(s => s.match(url));
        if (stub) {
          record({
            type: 'stubbed',
            text: `answered ${url} with a canned response`,
          });
          await route.fulfill({
            status: 200,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: JSON.stringify(stub.body),
          });
        } else {
          session.abortedUrls.add(url.toString());
          record({ type: 'aborted', text: `external request ${url}` });
          await route.abort('failed');
        }
      },
    );
    const page = await session.context.newPage();
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);
    page.on('console', msg => {
      record({
        type: 'console',
        level: msg.type(),
        text: msg.text(),
        url: msg.location()?.url,
      });
    });
    page.on('pageerror', error => {
      record({
        type: 'pageerror',
        text: `${error.name}: ${error.message}`,
        stack: error.stack,
      });
    });
    page.on('requestfailed', request => {
      record({
        type: 'requestfailed',
        text: `${request.method()} ${request.failure()?.errorText}`,
        url: request.url(),
      });
    });
    page.on('response', response => {
      if (response.status() >= 400) {
        record({
          type: 'http',
          text: `${response.status()} ${response.request().method()}`,
          url: response.url(),
        });
      }
    });
    session.page = page;
  });

  afterEach(() => {
    session.assertNoBrowserErrors();
  });

  after(async () => {
    await session.browser?.close();
  });

  return session;
}
