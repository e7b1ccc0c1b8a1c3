import { KubeObject } from '../kinds/KindDefinition';
import { condition, target } from './hpaParts';
import { demoUid, derive } from './derive';
import scaledObject from './fixtures/keda-scaledobject_v1alpha1_prometheus-trigger_with-status.json';
import { componentLabels } from './workloads';

const BILLING_SCALED_OBJECT = 'billing-worker';
const SCALED_OBJECT_SELECTOR = {
  matchLabels: { 'scaledobject.keda.sh/name': BILLING_SCALED_OBJECT },
};

/** billing-worker in prod: KEDA's ScaledObject and the External-metric HPA it owns. */
export function demoKeda(): KubeObject[] {
  const namespace = 'billing-worker-prod';
  const keda = derive(
    scaledObject,
    'keda-scaledobject_v1alpha1_prometheus-trigger_with-status.json',
    object => {
      object.metadata = {
        ...object.metadata,
        name: BILLING_SCALED_OBJECT,
        namespace,
        uid: demoUid(`${namespace}/scaledobject`),
        labels: componentLabels('billing-worker', 'prod'),
      };
      const spec = object.spec as {
        scaleTargetRef: { name: string };
        triggers: Array<{ metadata: { query: string } }>;
      };
      spec.scaleTargetRef.name = 'billing-worker';
      spec.triggers[0].metadata.query =
        'sum(billing_queue_messages_ready{namespace="billing-worker-prod"})';
      (object.status as { hpaName: string }).hpaName =
        'keda-hpa-billing-worker';
    },
  );
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'keda-hpa-billing-worker',
      namespace,
      labels: {
        ...componentLabels('billing-worker', 'prod'),
        'app.kubernetes.io/part-of': BILLING_SCALED_OBJECT,
        'app.kubernetes.io/managed-by': 'keda-operator',
        'scaledobject.keda.sh/name': BILLING_SCALED_OBJECT,
      },
      ownerReferences: [
        {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          name: BILLING_SCALED_OBJECT,
          uid: demoUid(`${namespace}/scaledobject`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      scaleTargetRef: target('billing-worker'),
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        {
          type: 'External',
          external: {
            metric: {
              name: 's0-prometheus',
              selector: SCALED_OBJECT_SELECTOR,
            },
            target: { type: 'AverageValue', averageValue: '100' },
          },
        },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
      },
    },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [
        {
          type: 'External',
          external: {
            metric: {
              name: 's0-prometheus',
              selector: SCALED_OBJECT_SELECTOR,
            },
            current: { averageValue: '84' },
          },
        },
      ],
      conditions: [
        condition(
          'AbleToScale',
          'True',
          'ScaleDownStabilized',
          'recent recommendations were higher than current one, applying the highest recent recommendation',
        ),
        condition(
          'ScalingActive',
          'True',
          'ValidMetricFound',
          'the HPA was able to successfully calculate a replica count from external metric s0-prometheus(&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: billing-worker,},MatchExpressions:[]LabelSelectorRequirement{},})',
        ),
        condition(
          'ScalingLimited',
          'False',
          'DesiredWithinRange',
          'the desired count is within the acceptable range',
        ),
      ],
    },
  };
  return [keda, hpa];
}
