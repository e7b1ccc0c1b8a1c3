import fs from 'node:fs/promises';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  Entity,
  entityEnvelopeSchemaValidator,
} from '@backstage/catalog-model';
import { ForwardedError, InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';

/**
 * The Paved templates this package ships, by their `metadata.name`.
 *
 * @public
 */
export const PAVED_TEMPLATE_NAMES = [
  'service',
  'environment',
  'unregister',
  'provision-environment',
] as const;

/** @public */
export type PavedTemplateName = (typeof PAVED_TEMPLATE_NAMES)[number];

/** Each template's file, relative to {@link bundledTemplatesDirectory}. */
const BUNDLED_TEMPLATE_FILES: Record<PavedTemplateName, string> = {
  service: 'service/template.yaml',
  environment: 'service/environment.yaml',
  unregister: 'service/unregister.yaml',
  'provision-environment': 'service/provision-environment.yaml',
};

/**
 * The `templates` folder of this package, wherever it is installed: the template files and the
 * skeletons beside them.
 *
 * @public
 */
export function bundledTemplatesDirectory(): string {
  return resolvePackagePath(
    '@paved/plugin-catalog-backend-module-paved-templates',
    'templates',
  );
}

const validateEnvelope = entityEnvelopeSchemaValidator();

/**
 * Reads one template file and checks that it is the template it should be. The files are part
 * of a release, so a failure here is a broken package, reported with the file's path.
 */
export async function readTemplateFile(
  file: string,
  expectedName: PavedTemplateName,
): Promise<Entity> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ForwardedError(`Cannot read the Paved template ${file}`, error);
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1) {
    throw new InputError(`${file}: must hold exactly one YAML document`);
  }
  const [document] = documents;
  if (document.errors.length > 0) {
    throw new InputError(
      `${file}: is not valid YAML: ${document.errors[0].message}`,
    );
  }
  let entity: Entity;
  try {
    entity = validateEnvelope(document.toJS()) as Entity;
  } catch (error) {
    throw new ForwardedError(`${file}: is not a catalog entity`, error);
  }
  if (entity.kind !== 'Template' || entity.metadata.name !== expectedName) {
    throw new InputError(
      `${file}: must be the Template ${expectedName}, not the ${entity.kind} ${entity.metadata.name}`,
    );
  }
  if (typeof entity.spec !== 'object' || entity.spec === null) {
    throw new InputError(`${file}: spec is missing`);
  }
  return entity;
}

/** The absolute path of a bundled template's file. */
export function bundledTemplateFile(
  directory: string,
  name: PavedTemplateName,
): string {
  return path.resolve(directory, BUNDLED_TEMPLATE_FILES[name]);
}
