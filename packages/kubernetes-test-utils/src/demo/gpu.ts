import { KubeObject } from '../kinds/KindDefinition';
import { demoComponents } from './components';
import { CAPTURED_AT, derive } from './derive';
import a100Node from './fixtures/k8s-node_nvidia-gpu_gfd-labels_8xA100-80GB.json';
import gpuPod from './fixtures/k8s-pod_gpu-limits_nvidia-and-mig.json';
import { componentLabels, runningPod } from './workloads';

const H100_PRODUCT = 'NVIDIA-H100-80GB-HBM3';
const vision = demoComponents.find(
  component => component.id === 'vision-inference',
)!;

/** GFD's labels for one MIG profile under the mixed strategy (figures from `nvidia-smi mig -lgip` on an H100). */
function migProfileLabels(
  profile: string,
  figures: {
    count: number;
    memoryMiB: number;
    multiprocessors: number;
    slices: number;
    copy: number;
    decoder: number;
    jpeg: number;
  },
) {
  const prefix = `nvidia.com/mig-${profile}`;
  return {
    [`${prefix}.count`]: String(figures.count),
    [`${prefix}.memory`]: String(figures.memoryMiB),
    [`${prefix}.multiprocessors`]: String(figures.multiprocessors),
    [`${prefix}.slices.gi`]: String(figures.slices),
    [`${prefix}.slices.ci`]: String(figures.slices),
    [`${prefix}.engines.copy`]: String(figures.copy),
    [`${prefix}.engines.decoder`]: String(figures.decoder),
    [`${prefix}.engines.encoder`]: '0',
    [`${prefix}.engines.jpeg`]: String(figures.jpeg),
    [`${prefix}.engines.ofa`]: '0',
  };
}

/**
 * An 8×H100 node with MIG in the mixed strategy: six whole GPUs, one split into seven 1g.10gb
 * slices and one into two 3g.40gb slices, each advertised as its own extended resource.
 */
function h100MigNode(): KubeObject {
  return derive(
    a100Node,
    'k8s-node_nvidia-gpu_gfd-labels_8xA100-80GB.json',
    node => {
      const labels = node.metadata!.labels!;
      node.metadata = {
        ...node.metadata,
        name: 'gpu-node-2',
        labels: {
          ...labels,
          'kubernetes.io/hostname': 'gpu-node-2',
          'node.kubernetes.io/instance-type': 'p5.48xlarge',
          'nvidia.com/gpu.machine': 'p5.48xlarge',
          'nvidia.com/gpu.product': H100_PRODUCT,
          'nvidia.com/gpu.family': 'hopper',
          'nvidia.com/gpu.compute.major': '9',
          'nvidia.com/gpu.memory': '81559',
          'nvidia.com/gpu.count': '6',
          'nvidia.com/cuda.driver-version.major': '580',
          'nvidia.com/cuda.driver-version.minor': '159',
          'nvidia.com/cuda.driver-version.revision': '04',
          'nvidia.com/cuda.driver-version.full': '580.159.04',
          'nvidia.com/cuda.runtime-version.major': '13',
          'nvidia.com/cuda.runtime-version.minor': '0',
          'nvidia.com/cuda.runtime-version.full': '13.0',
          'nvidia.com/mig.strategy': 'mixed',
          ...migProfileLabels('1g.10gb', {
            count: 7,
            memoryMiB: 9984,
            multiprocessors: 16,
            slices: 1,
            copy: 1,
            decoder: 1,
            jpeg: 1,
          }),
          ...migProfileLabels('3g.40gb', {
            count: 2,
            memoryMiB: 40448,
            multiprocessors: 60,
            slices: 3,
            copy: 3,
            decoder: 3,
            jpeg: 3,
          }),
        },
      };
      for (const key of Object.keys(node.metadata.labels!)) {
        if (/^nvidia\.com\/cuda\.(driver|runtime)\./.test(key))
          delete node.metadata.labels![key];
      }
      const gpus = {
        'nvidia.com/gpu': '6',
        'nvidia.com/mig-1g.10gb': '7',
        'nvidia.com/mig-3g.40gb': '2',
      };
      const status = node.status as {
        capacity: Record<string, string>;
        allocatable: Record<string, string>;
      };
      Object.assign(status.capacity, gpus, {
        cpu: '192',
        memory: '2113822372Ki',
      });
      Object.assign(status.allocatable, gpus, {
        cpu: '191450m',
        memory: '2102315684Ki',
      });
    },
  );
}

function cpuNode(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'm6i.4xlarge',
      },
    },
    status: {
      capacity: {
        cpu: '16',
        memory: '65023556Ki',
        pods: '110',
        'ephemeral-storage': '209702892Ki',
      },
      allocatable: {
        cpu: '15890m',
        memory: '63868484Ki',
        pods: '110',
        'ephemeral-storage': '193262185603',
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: CAPTURED_AT,
          lastTransitionTime: '2026-11-01T00:00:00Z',
        },
      ],
    },
  };
}

/** A vision-inference pod holding one whole GPU on the A100 node. */
function wholeGpuPod(index: number): KubeObject {
  const pod = runningPod(vision, 'prod', index, { nodeName: 'gpu-node-1' });
  const spec = pod.spec as {
    containers: Array<{ resources: Record<string, Record<string, string>> }>;
    nodeSelector?: object;
  };
  spec.nodeSelector = { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' };
  spec.containers[0].resources.limits['nvidia.com/gpu'] = '1';
  spec.containers[0].resources.requests['nvidia.com/gpu'] = '1';
  return pod;
}

/** The fixture pod (a whole GPU plus a MIG slice), moved to the H100 node that has both. */
function gpuAndMigPod(environment: string, index: number): KubeObject {
  return derive(gpuPod, 'k8s-pod_gpu-limits_nvidia-and-mig.json', pod => {
    const template = runningPod(vision, environment, index, {
      nodeName: 'gpu-node-2',
    });
    pod.metadata = {
      ...pod.metadata,
      name: template.metadata!.name,
      namespace: template.metadata!.namespace,
      labels: template.metadata!.labels,
      ownerReferences: template.metadata!.ownerReferences,
    };
    const spec = pod.spec as {
      nodeName: string;
      nodeSelector: Record<string, string>;
      containers: Array<{ name: string }>;
    };
    spec.nodeName = 'gpu-node-2';
    spec.nodeSelector = { 'nvidia.com/gpu.product': H100_PRODUCT };
    spec.containers[0].name = 'vision-inference';
    pod.status = template.status;
  });
}

function gpuQuota(): KubeObject {
  const hard = {
    'requests.nvidia.com/gpu': '8',
    'requests.nvidia.com/mig-1g.10gb': '4',
    'requests.nvidia.com/mig-3g.40gb': '0',
    'requests.cpu': '64',
    'requests.memory': '256Gi',
  };
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: {
      name: 'gpu-quota',
      namespace: 'vision-inference-prod',
      labels: componentLabels('vision-inference', 'prod'),
    },
    spec: { hard },
    status: {
      hard,
      used: {
        'requests.nvidia.com/gpu': '4',
        'requests.nvidia.com/mig-1g.10gb': '1',
        'requests.nvidia.com/mig-3g.40gb': '0',
        'requests.cpu': '2750m',
        'requests.memory': '17152Mi',
      },
    },
  };
}

function gpuLimitRange(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: {
      name: 'defaults',
      namespace: 'vision-inference-prod',
      labels: componentLabels('vision-inference', 'prod'),
    },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '1', memory: '1Gi' },
          defaultRequest: { cpu: '250m', memory: '256Mi' },
          max: { 'nvidia.com/gpu': '2' },
        },
      ],
    },
  };
}

/** GPU nodes with GFD labels (whole GPUs and MIG slices), GPU pods, a GPU quota and a LimitRange. */
export function demoGpu(): KubeObject[] {
  return [
    derive(
      a100Node,
      'k8s-node_nvidia-gpu_gfd-labels_8xA100-80GB.json',
      () => undefined,
    ),
    h100MigNode(),
    cpuNode('cpu-node-1'),
    cpuNode('cpu-node-2'),
    wholeGpuPod(0),
    wholeGpuPod(1),
    wholeGpuPod(2),
    gpuAndMigPod('prod', 3),
    gpuAndMigPod('staging', 0),
    gpuQuota(),
    gpuLimitRange(),
  ];
}
