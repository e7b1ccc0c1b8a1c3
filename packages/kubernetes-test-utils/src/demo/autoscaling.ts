import { KubeObject } from '../kinds/KindDefinition';
import { namespaceOf } from './components';
import { CAPTURED_AT, derive } from './derive';
import { condition, target } from './hpaParts';
import walkthroughHpa from './fixtures/k8s-hpa-v2_kubernetes-website-walkthrough_php-apache.json';
import scaleUpLimitHpa from './fixtures/k8s-hpa-v2_containerresource-pods_ScaleUpLimit.json';
import { componentLabels } from './workloads';

/** AbleToScale and ScalingActive of an HPA that reads its CPU metric and needs no new scale. */
const SCALING_ON_CPU = [
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
];

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
        ...SCALING_ON_CPU,
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
        ...SCALING_ON_CPU,
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

/** HPAs with Resource, ContainerResource, Pods and Object metrics (External ones come from KEDA). */
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
  ];
}
