import { KindDefinition, KubeObject } from './KindDefinition';

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

const core = (kind: Omit<KindDefinition, 'group' | 'version'>) => ({
  group: '',
  version: 'v1',
  ...kind,
});
const apps = (kind: Omit<KindDefinition, 'group' | 'version'>) => ({
  group: 'apps',
  version: 'v1',
  statusSubresource: true,
  ...kind,
});
const rbac = (
  kind: Omit<KindDefinition, 'group' | 'version' | 'nameRule'>,
) => ({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  nameRule: 'pathSegment' as const,
  generation: false,
  ...kind,
});
const crd = (kind: KindDefinition): KindDefinition => ({
  custom: true,
  deleteReturnsObject: true,
  ...kind,
});

/** The kinds every fake server serves; callers add more with `registerKind`. */
export const builtInKinds: KindDefinition[] = [
  core({
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
    nameRule: 'dns1123Label',
    generation: false,
    deleteReturnsObject: true,
    selectableFields: ['status.phase'],
    applyDefaults: object => {
      const name = object.metadata!.name!;
      object.metadata!.labels = {
        ...object.metadata!.labels,
        'kubernetes.io/metadata.name': name,
      };
      setDefault(section(object, 'spec'), 'finalizers', ['kubernetes']);
      section(object, 'status').phase = 'Active';
    },
  }),
  core({
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    shortNames: ['po'],
    statusSubresource: true,
    deleteReturnsObject: true,
    selectableFields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    applyDefaults: object => {
      defaultPodSpec(section(object, 'spec'));
      setDefault(section(object, 'status'), 'phase', 'Pending');
    },
  }),
  core({
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    shortNames: ['no'],
    statusSubresource: true,
    generation: false,
    selectableFields: ['spec.unschedulable'],
  }),
  core({
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    shortNames: ['svc'],
    statusSubresource: true,
    nameRule: 'dns1035Label',
    generation: false,
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      for (const port of spec.ports ?? []) {
        setDefault(port, 'protocol', 'TCP');
        setDefault(port, 'targetPort', port.port);
      }
    },
  }),
  core({
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
    shortNames: ['sa'],
    generation: false,
  }),
  core({
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
    shortNames: ['cm'],
    generation: false,
  }),
  core({
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
    generation: false,
    selectableFields: ['type'],
    applyDefaults: object => setDefault(object, 'type', 'Opaque'),
  }),
  core({
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    namespaced: true,
    shortNames: ['quota'],
    statusSubresource: true,
  }),
  core({
    kind: 'LimitRange',
    plural: 'limitranges',
    namespaced: true,
    shortNames: ['limits'],
  }),
  core({
    kind: 'Endpoints',
    plural: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    generation: false,
  }),
  core({
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    generation: false,
    selectableFields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  apps({
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      setDefault(spec, 'strategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      });
      defaultPodTemplate(spec);
    },
  }),
  apps({
    kind: 'ReplicaSet',
    plural: 'replicasets',
    namespaced: true,
    shortNames: ['rs'],
    selectableFields: ['status.replicas'],
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(spec, 'replicas', 1);
      defaultPodTemplate(spec);
    },
  }),
  apps({
    kind: 'StatefulSet',
    plural: 'statefulsets',
    namespaced: true,
    shortNames: ['sts'],
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'updateStrategy', {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      });
      defaultPodTemplate(spec);
    },
  }),
  apps({
    kind: 'DaemonSet',
    plural: 'daemonsets',
    namespaced: true,
    shortNames: ['ds'],
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'updateStrategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      });
      defaultPodTemplate(spec);
    },
  }),
  {
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    plural: 'jobs',
    namespaced: true,
    statusSubresource: true,
    selectableFields: ['status.successful'],
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'parallelism', 1);
      defaultPodTemplate(spec);
    },
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    namespaced: true,
    shortNames: ['cj'],
    statusSubresource: true,
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
    },
  },
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    shortNames: ['hpa'],
    statusSubresource: true,
    applyDefaults: object => {
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
    },
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
    shortNames: ['netpol'],
    applyDefaults: object => {
      const spec = section(object, 'spec');
      setDefault(
        spec,
        'policyTypes',
        spec.egress ? ['Ingress', 'Egress'] : ['Ingress'],
      );
    },
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    namespaced: true,
    shortNames: ['ing'],
    statusSubresource: true,
  },
  rbac({ kind: 'Role', plural: 'roles', namespaced: true }),
  rbac({ kind: 'RoleBinding', plural: 'rolebindings', namespaced: true }),
  rbac({ kind: 'ClusterRole', plural: 'clusterroles', namespaced: false }),
  rbac({
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
  }),
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    statusSubresource: true,
  },
  crd({
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Application',
    plural: 'applications',
    namespaced: true,
    shortNames: ['app', 'apps'],
  }),
  crd({
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'ApplicationSet',
    plural: 'applicationsets',
    namespaced: true,
    shortNames: ['appset', 'appsets'],
    statusSubresource: true,
  }),
  crd({
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'AppProject',
    plural: 'appprojects',
    namespaced: true,
    shortNames: ['appproj', 'appprojs'],
  }),
  crd({
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'PrometheusRule',
    plural: 'prometheusrules',
    namespaced: true,
    shortNames: ['promrule'],
  }),
  crd({
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'ServiceMonitor',
    plural: 'servicemonitors',
    namespaced: true,
    shortNames: ['smon'],
  }),
  crd({
    group: 'keda.sh',
    version: 'v1alpha1',
    kind: 'ScaledObject',
    plural: 'scaledobjects',
    namespaced: true,
    shortNames: ['so'],
    statusSubresource: true,
  }),
];
