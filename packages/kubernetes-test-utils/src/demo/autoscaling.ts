import { KubeObject } from '../kinds/KindDefinition';
import { namespaceOf } from './components';
import { CAPTURED_AT, demoUid, derive } from './derive';
import walkthroughHpa from './fixtures/k8s-hpa-v2_kubernetes-website-walkthrough_php-apache.json';
import scaleUpLimitHpa from './fixtures/k8s-hpa-v2_containerresource-pods_ScaleUpLimit.json';
import scaledObject from './fixtures/keda-scaledobject_v1alpha1_prometheus-trigger_with-status.json';
import { componentLabels } from './workloads';

const target = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name,
});

const condition = (
  type: string,
  status: string,
  reason: string,
  message: string,
) => ({
  type,
  status,
  lastTransitionTime: CAPTURED_AT,
  reason,
  message,
});

function placeHpa(object: KubeObject, component: string, environment: string) {
  object.metadata = {
    ...object.metadata,
    name: component,
    namespace: namespaceOf(component, environment),
    labels: componentLabels(component, environment),
  };
  (object.spec as { scaleTargetRef: unknown }).scaleTargetRef =
    target(component);
}

/** orders-api in prod: the chart's CPU, memory and request-rate metrics, at its maximum. */
function ordersApiProd(): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'orders-api',
      namespace: 'orders-api-prod',
      labels: componentLabels('orders-api', 'prod'),
    },
    spec: {
      scaleTargetRef: target('orders-api'),
      minReplicas: 3,
      maxReplicas: 6,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 65 },
          },
        },
        {
          type: 'Resource',
          resource: {
            name: 'memory',
            target: { type: 'Utilization', averageUtilization: 75 },
          },
        },
        {
          type: 'Pods',
          pods: {
            metric: { name: 'http_requests_per_second' },
            target: { type: 'AverageValue', averageValue: '50' },
          },
        },
      ],
    },
    status: {
      observedGeneration: 1,
      lastScaleTime: CAPTURED_AT,
      currentReplicas: 6,
      desiredReplicas: 6,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: 88, averageValue: '220m' },
          },
        },
        {
          type: 'Resource',
          resource: {
            name: 'memory',
            current: { averageUtilization: 61, averageValue: '163Mi' },
          },
        },
        {
          type: 'Pods',
          pods: {
            metric: { name: 'http_requests_per_second' },
            current: { averageValue: '67500m' },
          },
        },
      ],
      conditions: [
        condition(
          'AbleToScale',
          'True',
          'ReadyForNewScale',
          'recommended size matches current size',
        ),
        condition(
          'ScalingActive',
          'True',
          'ValidMetricFound',
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        ),
        condition(
          'ScalingLimited',
          'True',
          'TooManyReplicas',
          'the desired replica count is more than the maximum replica count',
        ),
      ],
    },
  };
}

/**
 * orders-api in staging: an Object metric on the Ingress that could not be read. The controller
 * leaves a zero-valued `{type: ""}` entry in its place while the CPU metric still works.
 */
function ordersApiStaging(): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'orders-api',
      namespace: 'orders-api-staging',
      labels: componentLabels('orders-api', 'staging'),
    },
    spec: {
      scaleTargetRef: target('orders-api'),
      minReplicas: 2,
      maxReplicas: 4,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 65 },
          },
        },
        {
          type: 'Object',
          object: {
            metric: { name: 'requests-per-second' },
            describedObject: {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'Ingress',
              name: 'orders-api',
            },
            target: { type: 'Value', value: '2k' },
          },
        },
      ],
    },
    status: {
      observedGeneration: 1,
      currentReplicas: 2,
      desiredReplicas: 2,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: 12, averageValue: '30m' },
          },
        },
        { type: '' },
      ],
      conditions: [
        condition(
          'AbleToScale',
          'True',
          'ReadyForNewScale',
          'recommended size matches current size',
        ),
        condition(
          'ScalingActive',
          'True',
          'ValidMetricFound',
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
        ),
        condition(
          'ScalingLimited',
          'True',
          'TooFewReplicas',
          'the desired replica count is less than the minimum replica count',
        ),
      ],
    },
  };
}

const BILLING_SCALED_OBJECT = 'billing-worker';

/** billing-worker in prod: KEDA's ScaledObject and the External-metric HPA it owns. */
function billingWorkerProd(): KubeObject[] {
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
              selector: {
                matchLabels: {
                  'scaledobject.keda.sh/name': BILLING_SCALED_OBJECT,
                },
              },
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
              selector: {
                matchLabels: {
                  'scaledobject.keda.sh/name': BILLING_SCALED_OBJECT,
                },
              },
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

/** HPAs with all five metric types (Resource, ContainerResource, Pods, Object, External) and KEDA's ScaledObject. */
export function demoAutoscaling(): KubeObject[] {
  return [
    derive(
      walkthroughHpa,
      'k8s-hpa-v2_kubernetes-website-walkthrough_php-apache.json',
      object => placeHpa(object, 'orders-api', 'dev'),
    ),
    ordersApiStaging(),
    ordersApiProd(),
    derive(
      scaleUpLimitHpa,
      'k8s-hpa-v2_containerresource-pods_ScaleUpLimit.json',
      object => {
        placeHpa(object, 'vision-inference', 'prod');
        const spec = object.spec as {
          metrics: Array<{ containerResource?: { container: string } }>;
        };
        spec.metrics[0].containerResource!.container = 'vision-inference';
        const status = object.status as {
          currentMetrics: Array<{ containerResource?: { container: string } }>;
        };
        status.currentMetrics[0].containerResource!.container =
          'vision-inference';
      },
    ),
    ...billingWorkerProd(),
  ];
}
