import { KubeObject } from '../kinds/KindDefinition';
import { DemoComponent, namespaceOf, replicasIn } from './components';
import { CAPTURED_AT, demoUid } from './derive';

const TEMPLATE_HASH = '6f8d9c7b5';
const POD_SUFFIXES = ['x2x9k', 'p7qzm', 'h4w2t', 'c8n5v', 'r6d3j', 'b9l2s'];

export function componentLabels(component: string, environment: string) {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': component,
    'app.kubernetes.io/part-of': component,
    'app.kubernetes.io/managed-by': 'Helm',
    'backstage.io/kubernetes-id': component,
    'paved.dev/environment': environment,
  };
}

function namespace(component: string, environment: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespaceOf(component, environment),
      labels: {
        'app.kubernetes.io/part-of': component,
        'paved.dev/environment': environment,
      },
    },
  };
}

function container(component: DemoComponent) {
  return {
    name: component.id,
    image: component.image,
    ports: [{ name: 'http', containerPort: component.port, protocol: 'TCP' }],
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
  };
}

/** A running pod, or one crash-looping when `crashLooping` is set. */
export function runningPod(
  component: DemoComponent,
  environment: string,
  index: number,
  options: { nodeName?: string; crashLooping?: boolean } = {},
): KubeObject {
  const replicaSet = `${component.id}-${TEMPLATE_HASH}`;
  const state = options.crashLooping
    ? {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: 'back-off 5m0s restarting failed container',
        },
      }
    : { running: { startedAt: CAPTURED_AT } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${replicaSet}-${POD_SUFFIXES[index]}`,
      namespace: namespaceOf(component.id, environment),
      labels: {
        ...componentLabels(component.id, environment),
        'pod-template-hash': TEMPLATE_HASH,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: replicaSet,
          uid: demoUid(
            `${namespaceOf(component.id, environment)}/${replicaSet}`,
          ),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: options.nodeName ?? `cpu-node-${(index % 2) + 1}`,
      containers: [container(component)],
    },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: options.crashLooping ? 'False' : 'True',
          lastTransitionTime: CAPTURED_AT,
        },
      ],
      containerStatuses: [
        {
          name: component.id,
          image: component.image,
          imageID: '',
          ready: !options.crashLooping,
          started: !options.crashLooping,
          restartCount: options.crashLooping ? 7 : 0,
          state,
        },
      ],
      startTime: CAPTURED_AT,
    },
  };
}

/** Namespace, Deployment, ReplicaSet, Service and pods of one component in one environment. */
export function workloadsOf(
  component: DemoComponent,
  environment: string,
  replicas = replicasIn(environment),
): KubeObject[] {
  const ns = namespaceOf(component.id, environment);
  const labels = componentLabels(component.id, environment);
  const selector = {
    matchLabels: {
      'app.kubernetes.io/name': component.id,
      'app.kubernetes.io/instance': component.id,
    },
  };
  const template = {
    metadata: { labels },
    spec: { containers: [container(component)] },
  };
  const replicaSet = `${component.id}-${TEMPLATE_HASH}`;
  const crashLooping =
    component.id === 'billing-worker' && environment === 'dev';
  const ready = crashLooping ? 0 : replicas;
  return [
    namespace(component.id, environment),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: component.id,
        namespace: ns,
        labels,
        uid: demoUid(`${ns}/${component.id}`),
      },
      spec: { replicas, selector, template },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
        conditions: [
          {
            type: 'Available',
            status: ready === replicas ? 'True' : 'False',
            reason:
              ready === replicas
                ? 'MinimumReplicasAvailable'
                : 'MinimumReplicasUnavailable',
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
          },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: replicaSet,
        namespace: ns,
        labels: { ...labels, 'pod-template-hash': TEMPLATE_HASH },
        uid: demoUid(`${ns}/${replicaSet}`),
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: component.id,
            uid: demoUid(`${ns}/${component.id}`),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { replicas, selector, template },
      status: {
        replicas,
        readyReplicas: ready,
        availableReplicas: ready,
        fullyLabeledReplicas: replicas,
        observedGeneration: 1,
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: component.id, namespace: ns, labels },
      spec: {
        type: 'ClusterIP',
        selector: selector.matchLabels,
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        ],
      },
    },
    ...(component.id === 'vision-inference'
      ? []
      : Array.from({ length: replicas }, (_, index) =>
          runningPod(component, environment, index, { crashLooping }),
        )),
  ];
}
