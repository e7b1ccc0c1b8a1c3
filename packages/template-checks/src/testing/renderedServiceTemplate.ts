import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { makeTempDir, removeTempDir } from '../helm';
import { ParameterSetName, parameterSets } from '../parameterSets';
import {
  HclDocument,
  ModuleSummary,
  parseHcl,
  summarizeModule,
} from '../terraform/terraform';
import { readSharedDryRun, sharedDryRuns } from './sharedDryRuns';

/** Every parameter set, in the order `parameterSets` lists them. */
export const PARAMETER_SETS = Object.keys(parameterSets) as ParameterSetName[];

/** The repository the service template generated for one parameter set. */
interface GeneratedRepository {
  /** Generated files by path, relative to the repository's root, as text. */
  files: Map<string, string>;
  /** The repository written to disk, for tools that read files. */
  dir: string;
}

/** Reads the service template's output; valid inside the tests of the file that rendered it. */
export interface RenderedServiceTemplate {
  /** The temporary directory that holds every generated repository; removed after the file. */
  workDir(): string;
  repositoryOf(set: ParameterSetName): GeneratedRepository;
  /** A generated file as text; throws when the template did not generate it. */
  file(set: ParameterSetName, name: string): string;
  yamlFile(set: ParameterSetName, name: string): any;
  /** The generated files under `dir`, at any depth. */
  filesUnder(set: ParameterSetName, dir: string): string[];
  /** A `.tf` or `.tfvars` file parsed with `@cdktf/hcl2json`, parsed once per file. */
  hcl(set: ParameterSetName, name: string): Promise<HclDocument>;
  /** The Terraform module made of the `.tf` files directly in `dir`. */
  moduleAt(set: ParameterSetName, dir: string): Promise<ModuleSummary>;
}

/**
 * Renders the service template for every parameter set through the real scaffolder's dry run
 * (once for all test files, see `sharedDryRuns`), and writes each generated repository to a
 * temporary directory of the calling test file that `afterAll` removes.
 */
export function renderServiceTemplateForEverySet(): RenderedServiceTemplate {
  let workDir: string | undefined;
  const repositories = new Map<ParameterSetName, GeneratedRepository>();
  const parsedHcl = new Map<string, Promise<HclDocument>>();

  beforeAll(async () => {
    const root = await makeTempDir('paved-service-');
    workDir = root;
    // The dry runs are shared by every test file; each file gets its own copy to write into.
    const shared = await sharedDryRuns(PARAMETER_SETS);
    await Promise.all(
      PARAMETER_SETS.map(async set => {
        const dir = path.join(root, set);
        const files = new Map<string, string>();
        for (const [name, content] of await readSharedDryRun(shared, set)) {
          files.set(name, content.toString('utf8'));
          const dest = path.join(dir, name);
          await fs.mkdir(path.dirname(dest), { recursive: true });
          await fs.writeFile(dest, content);
        }
        repositories.set(set, { files, dir });
      }),
    );
  }, 300_000);

  afterAll(() => removeTempDir(workDir));

  const repositoryOf = (set: ParameterSetName): GeneratedRepository => {
    const repository = repositories.get(set);
    if (!repository) throw new Error(`${set} was not rendered`);
    return repository;
  };

  const file = (set: ParameterSetName, name: string): string => {
    const content = repositoryOf(set).files.get(name);
    if (content === undefined) throw new Error(`${name} was not generated`);
    return content;
  };

  const filesUnder = (set: ParameterSetName, dir: string): string[] =>
    [...repositoryOf(set).files.keys()].filter(f => f.startsWith(`${dir}/`));

  const hcl = (set: ParameterSetName, name: string): Promise<HclDocument> => {
    const key = `${set}/${name}`;
    let doc = parsedHcl.get(key);
    if (!doc) {
      doc = parseHcl(name, file(set, name));
      parsedHcl.set(key, doc);
    }
    return doc;
  };

  return {
    workDir: () => {
      if (!workDir) throw new Error('the service template was not rendered');
      return workDir;
    },
    repositoryOf,
    file,
    yamlFile: (set, name) => yaml.parse(file(set, name)),
    filesUnder,
    hcl,
    moduleAt: async (set, dir) => {
      const tfFiles = filesUnder(set, dir).filter(
        f => f.endsWith('.tf') && !f.slice(dir.length + 1).includes('/'),
      );
      return summarizeModule(await Promise.all(tfFiles.map(f => hcl(set, f))));
    },
  };
}
