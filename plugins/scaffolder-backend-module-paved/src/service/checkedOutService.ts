import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { parseRepoUrl, ServiceParameters } from '@paved/plugin-paved-common';
import { ServiceRepository } from '../authorization/ServiceRepositories';

/**
 * Where the service template keeps the parameters it was run with.
 *
 * @public
 */
export const SERVICE_PARAMETERS_PATH = '.paved/service.json';

/** The parameters a checked-out service repository keeps, as JSON, not validated yet. */
export async function readStoredParameters(
  workspacePath: string,
): Promise<unknown> {
  const file = resolveSafeChildPath(workspacePath, SERVICE_PARAMETERS_PATH);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(
      `${SERVICE_PARAMETERS_PATH}: missing from the repository; only services created from the Paved service template can get a new environment`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${SERVICE_PARAMETERS_PATH}: is not valid JSON: ${error}`,
    );
  }
}

function storedRepository(parameters: ServiceParameters): string {
  if (parameters.publishTarget === 'local') {
    return `the local repository ${parameters.name}`;
  }
  const parsed = parseRepoUrl(parameters.repoUrl ?? '');
  return 'problem' in parsed
    ? 'an unknown repository'
    : `${parsed.host}/${parsed.owner}/${parsed.repo}`;
}

function repositoryName(repository: ServiceRepository): string {
  return repository.target === 'local'
    ? `the local repository ${repository.repoName}`
    : `${repository.host}/${repository.owner}/${repository.repo}`;
}

/**
 * Refuses a checkout whose stored parameters describe another service or repository than the
 * catalog entity it was checked out for: the stored file is content anyone with push access
 * wrote, the entity and its location are what the catalog vouches for.
 */
export function assertCheckoutOf(
  parameters: ServiceParameters,
  entity: Entity,
  repository: ServiceRepository,
): void {
  const ref = stringifyEntityRef(entity);
  if (parameters.name !== entity.metadata.name) {
    throw new InputError(
      `${SERVICE_PARAMETERS_PATH}: describes the service ${parameters.name}, not ${ref}`,
    );
  }
  const stored = storedRepository(parameters);
  const registered = repositoryName(repository);
  if (
    stored.toLocaleLowerCase('en-US') !== registered.toLocaleLowerCase('en-US')
  ) {
    throw new InputError(
      `${SERVICE_PARAMETERS_PATH}: says ${ref} lives in ${stored}, but the catalog registered it from ${registered}`,
    );
  }
}
