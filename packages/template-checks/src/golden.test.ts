import fs from 'node:fs/promises';
import path from 'node:path';
import { parameterSets } from './parameterSets';
import { TemplateDryRunner } from './TemplateDryRunner';

// The complete output of the `full` parameter set, committed under golden/service-full so a
// review of a template change shows its effect on a real service. Refresh it with
// `UPDATE_GOLDEN=1 yarn test src/golden.test.ts` and commit the diff with the change.
// These checks run from source in the repository, never from a build.
// eslint-disable-next-line no-restricted-syntax
const GOLDEN_DIR = path.resolve(__dirname, '../golden/service-full');

async function readTree(dir: string, base = dir): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await fs
    .readdir(dir, { withFileTypes: true })
    .catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const [file, text] of await readTree(full, base))
        files.set(file, text);
    } else {
      files.set(path.relative(base, full), await fs.readFile(full, 'utf8'));
    }
  }
  return files;
}

describe('golden output of the service template', () => {
  let runner: TemplateDryRunner;
  beforeAll(async () => {
    runner = await TemplateDryRunner.create();
  });
  afterAll(() => runner?.stop());

  it('matches golden/service-full', async () => {
    const result = await runner.dryRun('service', parameterSets.full);
    expect(result.status).toBe(200);
    const rendered = new Map(
      [...result.files].map(([file, content]) => [
        file,
        content.toString('utf8'),
      ]),
    );

    if (process.env.UPDATE_GOLDEN) {
      await fs.rm(GOLDEN_DIR, { recursive: true, force: true });
      for (const [file, text] of rendered) {
        await fs.mkdir(path.dirname(path.join(GOLDEN_DIR, file)), {
          recursive: true,
        });
        await fs.writeFile(path.join(GOLDEN_DIR, file), text);
      }
    }

    const golden = await readTree(GOLDEN_DIR);
    expect([...rendered.keys()].sort()).toEqual([...golden.keys()].sort());
    for (const [file, text] of rendered) {
      // One assertion per file, so a failure names the file that changed.
      expect({ file, text }).toEqual({ file, text: golden.get(file) });
    }
  });
});
