// Accessibility scan of a page with axe-core (@axe-core/playwright) for the e2e specs.
import { AxeBuilder } from '@axe-core/playwright';

/** Impacts that fail a spec; minor and moderate findings are printed only. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Parts of Backstage's own chrome that axe flags and that no Paved code renders, each with why.
 * Keep it narrow: a selector of one element, never a whole page area around our cards.
 */
export const AXE_EXCLUDES = [];

/**
 * Runs axe on `page` (WCAG 2.x A/AA and best-practice rules) and returns one line per serious or
 * critical violation: rule, impact, help and the offending elements' selectors.
 */
export async function scanAccessibility(page) {
  // Scan the settled page: a card still loading shows a spinner without an accessible name
  // (Backstage's and Roadie's cards, not ours), which axe rightly flags but which is gone a moment
  // later. If one never goes away, the scan below reports it.
  await page
    .waitForFunction(
      () =>
        ![...document.querySelectorAll('[role="progressbar"]')].some(
          e =>
            !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'),
        ),
      undefined,
      { timeout: 20_000 },
    )
    .catch(() => {});
  let builder = new AxeBuilder({ page });
  for (const { selector } of AXE_EXCLUDES) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const line = v =>
    `${v.impact} ${v.id}: ${v.help} — ${v.nodes
      .map(n => n.target.join(' '))
      .join(', ')}`;
  const minor = violations.filter(v => !FAILING_IMPACTS.has(v.impact));
  if (minor.length) {
    console.log(`axe, not failing:\n  ${minor.map(line).join('\n  ')}`);
  }
  return violations.filter(v => FAILING_IMPACTS.has(v.impact)).map(line);
}
