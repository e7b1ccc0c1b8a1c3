import {
  RuntimeEnvironment,
  RuntimeGpuNode,
  RuntimeState,
} from '@paved/plugin-paved-runtime-common';

/*
 * Answers of the runtime API shaped after the demo cluster (packages/kubernetes-test-utils
 * demoDataset: vision-inference in staging and prod, H100 MIG and time-sliced nodes).
 * Typed as the API's types, so a change of the contract breaks them at compile time.
 */

const h100Mig: RuntimeGpuNode = {
  name: 'gpu-h100-mig-1',
  product: 'NVIDIA-H100-80GB-HBM3',
  memoryBytes: 85899345920,
  capacity: { 'nvidia.com/gpu': 6, 'nvidia.com/mig-1g.10gb': 7 },
  allocatable: { 'nvidia.com/gpu': 6, 'nvidia.com/mig-1g.10gb': 7 },
  allocated: { 'nvidia.com/gpu': 2, 'nvidia.com/mig-1g.10gb': 2 },
  utilizationPercent: 61,
  sharing: { strategy: null, migStrategy: 'mixed', timeSlicingReplicas: null },
};

const t4TimeSliced: RuntimeGpuNode = {
  name: 'gpu-t4-shared-1',
  product: 'Tesla-T4',
  memoryBytes: 16106127360,
  capacity: { 'nvidia.com/gpu': 4 },
  allocatable: { 'nvidia.com/gpu': 4 },
  allocated: { 'nvidia.com/gpu': 1 },
  utilizationPercent: null,
  sharing: {
    strategy: 'time-slicing',
    migStrategy: null,
    timeSlicingReplicas: 4,
  },
};

export const prod: RuntimeEnvironment = {
  name: 'prod',
  cluster: 'demo',
  namespace: 'vision-inference-prod',
  hpas: [
    {
      name: 'vision-inference',
      target: { kind: 'Deployment', name: 'vision-inference' },
      minReplicas: 2,
      maxReplicas: 6,
      currentReplicas: 6,
      desiredReplicas: 6,
      lastScaleTime: '2026-12-02T10:52:00.000Z',
      atMax: true,
      metrics: [
        {
          type: 'Resource',
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
          current: { averageUtilization: 93, averageValue: '652m' },
        },
        {
          type: 'ContainerResource',
          name: 'memory',
          container: 'triton',
          target: { type: 'AverageValue', averageValue: '2Gi' },
          current: { averageValue: '1536Mi' },
        },
        {
          type: 'Pods',
          name: 'inference_queue_depth',
          target: { type: 'AverageValue', averageValue: '30' },
          current: { averageValue: '42' },
        },
        {
          type: 'Object',
          name: 'requests_per_second',
          describedObject: {
            kind: 'Ingress',
            name: 'main-route',
            apiVersion: 'networking.k8s.io/v1',
          },
          target: { type: 'Value', value: '10k' },
          current: null,
        },
        {
          type: 'External',
          name: 'pubsub_undelivered_messages',
          target: { type: 'Value', value: '500' },
          current: { value: '120' },
        },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
        },
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetObjectMetric',
          message:
            'the HPA was unable to compute the replica count: unable to get metric requests_per_second',
        },
        {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooManyReplicas',
          message:
            'the desired replica count is more than the maximum replica count',
        },
      ],
      behavior: null,
      history: [
        { t: '2026-12-02T10:00:00.000Z', replicas: 3 },
        { t: '2026-12-02T10:30:00.000Z', replicas: 5 },
        { t: '2026-12-02T11:00:00.000Z', replicas: 6 },
      ],
    },
  ],
  gpu: {
    workloads: [
      {
        kind: 'Deployment',
        name: 'vision-inference',
        container: 'triton',
        resource: 'nvidia.com/gpu',
        requested: 1,
        limit: 1,
        pods: 2,
        utilizationPercent: 61,
        memoryUsedBytes: 21474836480,
        memoryTotalBytes: 85899345920,
      },
      {
        kind: 'Deployment',
        name: 'vision-inference',
        container: 'triton',
        resource: 'nvidia.com/mig-1g.10gb',
        requested: 1,
        limit: 1,
        pods: 2,
        utilizationPercent: null,
        memoryUsedBytes: null,
        memoryTotalBytes: null,
      },
    ],
    nodes: [h100Mig],
    quota: {
      hard: {
        'requests.nvidia.com/gpu': '4',
        'requests.nvidia.com/mig-1g.10gb': '4',
        'requests.cpu': '16',
      },
      used: {
        'requests.nvidia.com/gpu': '2',
        'requests.nvidia.com/mig-1g.10gb': '2',
        'requests.cpu': '3',
      },
    },
  },
  alerts: {
    status: 'firing',
    items: [
      {
        fingerprint: 'a1b2c3d4e5f60718',
        name: 'VisionInferenceHighLatency',
        severity: 'critical',
        state: 'active',
        silencedBy: [],
        inhibitedBy: [],
        startsAt: '2026-12-02T10:40:00.000Z',
        summary: 'p99 latency above 2 s',
        description: null,
        runbookUrl: 'https://runbooks.example.com/vision-inference/latency',
        generatorUrl: 'http://prometheus.example.com/graph?g0.expr=latency',
        labels: {
          alertname: 'VisionInferenceHighLatency',
          severity: 'critical',
        },
      },
      {
        fingerprint: '816b08c0c344d8cb',
        name: 'VisionInferenceGpuMemoryHigh',
        severity: 'warning',
        state: 'suppressed',
        silencedBy: ['5f7c9e2a-silence'],
        inhibitedBy: [],
        startsAt: '2026-12-02T09:15:00.000Z',
        summary: 'GPU memory above 90 %',
        description: null,
        runbookUrl: null,
        generatorUrl: null,
        labels: { alertname: 'VisionInferenceGpuMemoryHigh' },
      },
    ],
  },
  argocd: {
    application: 'vision-inference-prod',
    sync: 'OutOfSync',
    health: 'Degraded',
  },
};

export const staging: RuntimeEnvironment = {
  name: 'staging',
  cluster: 'demo',
  namespace: 'vision-inference-staging',
  hpas: [],
  gpu: {
    workloads: [
      {
        ...prod.gpu.workloads[0],
        pods: 1,
        utilizationPercent: null,
        memoryUsedBytes: null,
        memoryTotalBytes: null,
      },
    ],
    nodes: [t4TimeSliced],
    quota: null,
  },
  alerts: { status: 'ok', items: [] },
  argocd: {
    application: 'vision-inference-staging',
    sync: 'Synced',
    health: 'Healthy',
  },
};

/** Both environments, every source read. */
export const fullState: RuntimeState = {
  entityRef: 'component:default/vision-inference',
  generatedAt: '2026-12-02T11:00:00.000Z',
  environments: [prod, staging],
  errors: [],
};

/** The entity runs nowhere the backend looks. */
export const emptyState: RuntimeState = {
  entityRef: 'component:default/vision-inference',
  generatedAt: '2026-12-02T11:00:00.000Z',
  environments: [],
  errors: [],
};

/** Alertmanager of the cluster down, Prometheus timing out: Kubernetes data still there. */
export const partialState: RuntimeState = {
  ...fullState,
  environments: [
    {
      ...prod,
      alerts: { status: 'unavailable', items: [] },
      hpas: prod.hpas.map(hpa => ({ ...hpa, history: [] })),
    },
  ],
  errors: [
    {
      source: 'alertmanager',
      cluster: 'demo',
      kind: 'unreachable',
      message: 'GET /api/v2/alerts: connect ECONNREFUSED 127.0.0.1:9093',
    },
    {
      source: 'prometheus',
      cluster: 'demo',
      kind: 'timeout',
      message:
        'query kube_horizontalpodautoscaler_status_current_replicas: no answer in 5000 ms',
    },
  ],
};

/** No cluster has an Alertmanager configured. */
export const alertsNotConfiguredState: RuntimeState = {
  ...fullState,
  environments: [prod, staging].map(e => ({
    ...e,
    alerts: { status: 'not-configured', items: [] },
  })),
};
