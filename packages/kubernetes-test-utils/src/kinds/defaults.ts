// Server-side defaulting of the built-in kinds: the defaults a real API server fills in that
// callers most often read back (not every default Kubernetes has).
import { KubeObject } from './KindDefinition';

type Fields = Record<string, any>;

function section(object: KubeObject, key: string): Fields {
  if (typeof object[key] !== 'object' || object[key] === null) {
    object[key] = {};
  }
  return object[key] as Fields;
}

function setDefault(target: Fields, key: string, value: unknown) {
  if (target[key] === undefined) {
    target[key] = value;
  }
}

function defaultPodSpec(spec: Fields) {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  for (const container of [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
  ]) {
    const latest =
      typeof container.image === 'string' &&
      (!container.image.includes(':') || container.image.endsWith(':latest'));
    setDefault(
      container,
      'imagePullPolicy',
      latest ? 'Always' : 'IfNotPresent',
    );
    setDefault(container, 'terminationMessagePath', '/dev/termination-log');
    setDefault(container, 'terminationMessagePolicy', 'File');
    for (const port of container.ports ?? [])
      setDefault(port, 'protocol', 'TCP');
  }
}

function defaultPodTemplate(spec: Fields) {
  defaultPodSpec(section(section(spec, 'template'), 'spec'));
}

export function defaultNamespace(object: KubeObject) {
  const name = object.metadata!.name!;
  object.metadata!.labels = {
    ...object.metadata!.labels,
    'kubernetes.io/metadata.name': name,
  };
  setDefault(section(object, 'spec'), 'finalizers', ['kubernetes']);
  setDefault(section(object, 'status'), 'phase', 'Active');
}

export function defaultPod(object: KubeObject) {
  defaultPodSpec(section(object, 'spec'));
  setDefault(section(object, 'status'), 'phase', 'Pending');
}

export function defaultService(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  for (const port of spec.ports ?? []) {
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'targetPort', port.port);
  }
}

export function defaultSecret(object: KubeObject) {
  setDefault(object, 'type', 'Opaque');
}

export function defaultDeployment(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  setDefault(spec, 'strategy', {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
  });
  defaultPodTemplate(spec);
}

export function defaultReplicaSet(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(spec);
}

export function defaultStatefulSet(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'updateStrategy', {
    type: 'RollingUpdate',
    rollingUpdate: { partition: 0 },
  });
  defaultPodTemplate(spec);
}

export function defaultDaemonSet(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'updateStrategy', {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  defaultPodTemplate(spec);
}

export function defaultJob(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completions', 1);
  setDefault(spec, 'parallelism', 1);
  defaultPodTemplate(spec);
}

export function defaultCronJob(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
}

export function defaultHorizontalPodAutoscaler(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 80 },
        },
      },
    ];
  }
}

export function defaultNetworkPolicy(object: KubeObject) {
  const spec = section(object, 'spec');
  setDefault(
    spec,
    'policyTypes',
    spec.egress ? ['Ingress', 'Egress'] : ['Ingress'],
  );
}
