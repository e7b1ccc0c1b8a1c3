import { cloneJson } from '../fields/fieldPaths';
import { KubeObject } from '../kinds/KindDefinition';

/** A copy of a fixture moved into the demo's names, marked with the file it came from. */
export function derive(
  fixture: unknown,
  file: string,
  change: (object: KubeObject) => void,
): KubeObject {
  const object = cloneJson(fixture) as KubeObject;
  change(object);
  object.metadata = {
    ...object.metadata,
    annotations: {
      ...object.metadata?.annotations,
      'paved.dev/demo-derived-from': file,
    },
  };
  return object;
}

/** A fixed, recognisable UID so that ownerReferences can point at demo objects. */
export function demoUid(name: string): string {
  const hex = Buffer.from(name).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const CAPTURED_AT = '2026-11-22T11:00:00Z';
