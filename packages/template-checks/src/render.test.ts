import fs from 'node:fs/promises';
import path from 'node:path';
import { parameterSets } from './parameterSets';
import { TemplateDryRunner } from './TemplateDryRunner';

// Renders every parameter set of the service template into .paved/rendered/<set>/ so people
// (and the checks below) can look at real scaffolder output.
// eslint-disable-next-line no-restricted-syntax
const RENDER_DIR = path.resolve(__dirname, '../../../.paved/rendered');

describe('service template dry run', () => {
  let runner: TemplateDryRunner;
  beforeAll(async () => {
    runner = await TemplateDryRunner.create();
  });
  afterAll(() => runner.stop());

  it.each(Object.keys(parameterSets))('renders %s', async name => {
    const result = await runner.dryRun(
      'service',
      parameterSets[name as keyof typeof parameterSets],
    );
    if (result.status !== 200) {
      throw new Error(
        `dry run failed: ${JSON.stringify(result.error, null, 2)}`,
      );
    }
    const out = path.join(RENDER_DIR, name);
    await fs.rm(out, { recursive: true, force: true });
    for (const [file, content] of result.files) {
      await fs.mkdir(path.dirname(path.join(out, file)), { recursive: true });
      await fs.writeFile(path.join(out, file), content);
    }
    expect(result.files.size).toBeGreaterThan(0);
  });
});
