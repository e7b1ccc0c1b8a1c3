import { KubeObject } from '../kinds/KindDefinition';
import { CAPTURED_AT } from './derive';

/** A stable pseudo-random number in [0, 1) per name, so the demo's usage figures do not change. */
function spread(name: string): number {
  let hash = 0;
  for (const character of name)
    hash = (hash * 31 + character.charCodeAt(0)) % 1000;
  return hash / 1000;
}

function podMetrics(pod: KubeObject): KubeObject {
  const metadata = pod.metadata!;
  const containers = (pod.spec as { containers: Array<{ name: string }> })
    .containers;
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    // metrics-server copies the pod's labels, which is what label selectors match on.
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      labels: metadata.labels,
    },
    timestamp: CAPTURED_AT,
    window: '15s',
    containers: containers.map(container => {
      const share = spread(`${metadata.name}/${container.name}`);
      return {
        name: container.name,
        usage: {
          cpu: `${Math.round((80 + share * 700) * 1_000_000)}n`,
          memory: `${Math.round(96 + share * 300) * 1024}Ki`,
        },
      };
    }),
  };
}

function nodeMetrics(node: KubeObject): KubeObject {
  const share = spread(node.metadata!.name!);
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'NodeMetrics',
    metadata: { name: node.metadata!.name, labels: node.metadata!.labels },
    timestamp: CAPTURED_AT,
    window: '20s',
    usage: {
      cpu: `${Math.round(2 + share * 10)}`,
      memory: `${Math.round(8 + share * 40)}Gi`,
    },
  };
}

/** What metrics-server would report for the demo's pods and nodes. */
export function demoMetrics(objects: KubeObject[]): KubeObject[] {
  return objects.flatMap(object => {
    if (object.kind === 'Pod') return [podMetrics(object)];
    if (object.kind === 'Node') return [nodeMetrics(object)];
    return [];
  });
}
