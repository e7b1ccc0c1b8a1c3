import { KubeObject } from '../kinds/KindDefinition';
import { demoArgoCd } from './argocd';
import { demoAutoscaling } from './autoscaling';
import { demoComponents } from './components';
import { demoGpu } from './gpu';
import { demoKeda } from './keda';
import { demoMetrics } from './metrics';
import { workloadsOf } from './workloads';

/** Deployment sizes the autoscalers of the demo report. */
const REPLICAS: Record<string, number> = {
  'orders-api-prod': 6,
  'vision-inference-prod': 4,
  'vision-inference-staging': 1,
};

/**
 * The demo cluster: the reference app's components (orders-api, vision-inference,
 * billing-worker) in their environments' namespaces, with HPAs of all five metric types, GPU nodes
 * with whole GPUs and MIG slices, GPU pods, a GPU quota, Argo CD Applications and the pod and
 * node usage metrics-server would report.
 */
export function demoDataset(): KubeObject[] {
  const objects = [
    ...demoComponents.flatMap(component =>
      component.environments.flatMap(environment =>
        workloadsOf(
          component,
          environment,
          REPLICAS[`${component.id}-${environment}`],
        ),
      ),
    ),
    ...demoAutoscaling(),
    ...demoKeda(),
    ...demoGpu(),
    ...demoArgoCd(),
  ];
  return [...objects, ...demoMetrics(objects)];
}
