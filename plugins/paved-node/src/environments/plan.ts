import { KubernetesObject } from '@kubernetes/client-node';
import { compare, getValueByPointer } from 'fast-json-patch';
import { ClusterConnection, describeObject } from './ClusterConnection';
import { ENVIRONMENT_LABELS } from './desiredObjects';

/** What a run does (or did) to one object. @public */
export type PlanAction =
  | 'create'
  | 'update'
  | 'unchanged'
  | 'left alone'
  | 'delete';

/** One field an update changes, `from` missing when it is new and `to` when it goes. @public */
export interface FieldChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

/** One object of a plan. @public */
export interface PlanItem {
  /** `Kind namespace/name`. */
  object: string;
  kind: string;
  name: string;
  namespace?: string;
  action: PlanAction;
  reason?: string;
  diff?: FieldChange[];
}

/** Fields the API server changes on every write, which say nothing about the desired state. */
function comparable(object: KubernetesObject): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(object));
  delete copy.metadata?.managedFields;
  delete copy.metadata?.resourceVersion;
  delete copy.metadata?.generation;
  return copy;
}

function dotted(pointer: string): string {
  return pointer
    .slice(1)
    .split('/')
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The leaf-level changes from `before` to `after`. @public */
export function diffObjects(
  before: KubernetesObject,
  after: KubernetesObject,
): FieldChange[] {
  const from = comparable(before);
  return compare(from, comparable(after)).map(op => {
    const change: FieldChange = { path: dotted(op.path) };
    if (op.op !== 'add') {
      change.from = getValueByPointer(from, op.path);
    }
    if (op.op === 'add' || op.op === 'replace') {
      change.to = op.value;
    }
    return change;
  });
}

export function planItem(
  object: KubernetesObject,
  action: PlanAction,
  extra: { reason?: string; diff?: FieldChange[] } = {},
): PlanItem {
  const { name = '', namespace } = object.metadata ?? {};
  return {
    object: describeObject(object),
    kind: object.kind ?? '',
    name,
    ...(namespace ? { namespace } : {}),
    action,
    ...extra,
  };
}

/** Why an existing Argo CD Application is not Paved's to change, if it is not. */
function applicationOwner(
  existing: KubernetesObject,
  component: string,
): string | undefined {
  const owner = existing.metadata?.ownerReferences?.find(
    ref => ref.kind === 'ApplicationSet',
  );
  if (owner) {
    return `owned by the ApplicationSet ${owner.name}${
      owner.name === component ? ' of the service' : ''
    }, whose generator manages this environment`;
  }
  if (existing.metadata?.labels?.[ENVIRONMENT_LABELS.managedBy] !== 'paved') {
    return 'exists and is not managed by Paved';
  }
  return undefined;
}

/**
 * Plans one object: `create` when it is missing, else a server-side apply with `dryRun=All`
 * compared with what is stored: `unchanged` or `update` with the fields that change.
 */
export async function planObject(
  connection: ClusterConnection,
  desired: KubernetesObject,
  component: string,
): Promise<PlanItem> {
  const header = {
    apiVersion: desired.apiVersion!,
    kind: desired.kind!,
    metadata: {
      name: desired.metadata!.name!,
      namespace: desired.metadata!.namespace,
    },
  };
  const existing = await connection.read(header);
  if (!existing) {
    return planItem(desired, 'create');
  }
  if (desired.kind === 'Application') {
    const reason = applicationOwner(existing, component);
    if (reason) {
      return planItem(desired, 'left alone', { reason });
    }
  }
  const applied = await connection.apply(desired, { dryRun: true });
  const diff = diffObjects(existing, applied);
  return diff.length
    ? planItem(desired, 'update', { diff })
    : planItem(desired, 'unchanged');
}
