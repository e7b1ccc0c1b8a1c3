import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';

/** What a Paved service repository's `catalog-info.yaml` says about the component. */
export interface ServiceFacts {
  component?: string;
  owner?: string;
  repoUrl?: string;
}

function repoUrlOf(annotations: Record<string, string>): string | undefined {
  const slug = annotations['github.com/project-slug'];
  if (slug) {
    return `https://github.com/${slug}.git`;
  }
  const source = annotations['backstage.io/source-location']?.replace(
    /^url:/,
    '',
  );
  return source && /^https?:\/\//.test(source)
    ? source.replace(/\/(tree|blob)\/.*$/, '').replace(/\/$/, '')
    : undefined;
}

/** Reads the first Component of `catalog-info.yaml` in `dir`; none gives no facts. */
export async function readServiceFacts(dir: string): Promise<ServiceFacts> {
  const text = await fs
    .readFile(path.join(dir, 'catalog-info.yaml'), 'utf8')
    .catch(() => undefined);
  if (text === undefined) {
    return {};
  }
  const component = yaml
    .parseAllDocuments(text)
    .map(doc => doc.toJS())
    .find(doc => doc?.kind === 'Component');
  if (!component) {
    return {};
  }
  return {
    component: component.metadata?.name,
    owner: component.spec?.owner,
    repoUrl: repoUrlOf(component.metadata?.annotations ?? {}),
  };
}
