import type { Entity } from '@backstage/catalog-model';
import yaml from 'yaml';
import { DryRunResult } from '../TemplateDryRunner';

/** The dry run, or an error with the backend's answer and the step log. */
export function succeeded(result: DryRunResult, what: string): DryRunResult {
  if (result.status !== 200) {
    throw new Error(
      `${what} failed: ${JSON.stringify(
        result.error,
        null,
        2,
      )}\n${result.log.join('\n')}`,
    );
  }
  return result;
}

/** A generated file as text; fails when the file was not generated. */
export function text(files: Map<string, Buffer>, file: string): string {
  const content = files.get(file);
  if (!content) {
    throw new Error(`${file} was not generated`);
  }
  return content.toString('utf8');
}

/**
 * The component as the catalog stores it after `catalog:register` of `catalogInfoUrl`: the
 * descriptor plus the annotations of the catalog's location processors. For `file:` URLs there
 * is no SCM integration, so no `backstage.io/source-location` (the Paved module's features test
 * checks this against the real catalog); for GitHub pass the one the catalog derives.
 */
export function registeredEntity(
  descriptor: string,
  catalogInfoUrl: string,
  sourceLocation?: string,
): Entity {
  const component = yaml
    .parseAllDocuments(descriptor)
    .map(doc => doc.toJS() as Entity)
    .find(doc => doc.kind === 'Component');
  if (!component) {
    throw new Error('catalog-info.yaml has no Component');
  }
  return {
    ...component,
    metadata: {
      namespace: 'default',
      ...component.metadata,
      annotations: {
        'backstage.io/managed-by-location': `url:${catalogInfoUrl}`,
        'backstage.io/managed-by-origin-location': `url:${catalogInfoUrl}`,
        'backstage.io/view-url': catalogInfoUrl,
        ...(sourceLocation && {
          'backstage.io/source-location': `url:${sourceLocation}`,
        }),
        ...component.metadata.annotations,
      },
    },
  };
}
