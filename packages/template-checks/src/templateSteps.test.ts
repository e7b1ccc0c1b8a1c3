import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { TEMPLATES_DIR } from './TemplateDryRunner';

// The plan is the only input of every later step of the service template: the steps after
// `paved:service:plan` read `steps.plan.output.*`, never the raw `parameters`, and the skeletons
// render the values the plan derived (repository web page, GitHub slug, source location,
// dashboard URL) instead of deriving them again.

const SERVICE_DIR = path.join(TEMPLATES_DIR, 'service');

/** Every string in a parsed YAML value, with the path it sits at. */
function stringsIn(value: unknown, at: string): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => stringsIn(v, `${at}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      stringsIn(v, `${at}.${k}`),
    );
  }
  return [];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? filesUnder(path.join(dir, e.name))
        : [path.join(dir, e.name)],
    ),
  );
  return nested.flat();
}

describe('the service template', () => {
  it('reads only the plan in every step after it', async () => {
    const template = yaml.parse(
      await fs.readFile(path.join(SERVICE_DIR, 'template.yaml'), 'utf8'),
    );
    const steps: any[] = template.spec.steps;
    expect(steps[0]).toMatchObject({
      id: 'plan',
      action: 'paved:service:plan',
      input: { parameters: '${{ parameters }}' },
    });
    const readsParameters = steps
      .slice(1)
      .flatMap(step => stringsIn(step, step.id))
      .filter(([, text]) => /\bparameters\b/.test(text));
    expect(readsParameters).toEqual([]);
    // Every expression of a later step reads the plan.
    const besidesThePlan = steps
      .slice(1)
      .flatMap(step => stringsIn(step, step.id))
      .filter(
        ([, text]) =>
          text.includes('${{') && !text.includes('steps.plan.output.'),
      );
    expect(besidesThePlan).toEqual([]);
  });

  it('has skeletons that render what the plan derived, without deriving it again', async () => {
    const skeletons = (await fs.readdir(SERVICE_DIR)).filter(d =>
      d.startsWith('skeleton'),
    );
    const derivations: string[] = [];
    for (const skeleton of skeletons) {
      for (const file of await filesUnder(path.join(SERVICE_DIR, skeleton))) {
        const text = await fs.readFile(file, 'utf8');
        const name = path.relative(SERVICE_DIR, file);
        // The clone URL is used as it is; its web page, slug and source location come from the
        // plan, and so does the dashboard's URL (its uid is cut to Grafana's 40 characters).
        for (const pattern of [
          /values\.repoUrl\s*\|\s*(?!\s|dump\b)/,
          /in values\.repoUrl/,
          /values\.repoUrl\.startsWith/,
          /truncate\(/,
          /\}\}-overview/,
        ]) {
          if (pattern.test(text)) derivations.push(`${name}: ${pattern}`);
        }
      }
    }
    expect(derivations).toEqual([]);
  });
});
