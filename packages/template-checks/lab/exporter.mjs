#!/usr/bin/env node
// Synthetic exporter for the dashboard lab: the series a cluster running the services in
// workloads.json would give Prometheus, in the exposition format of the real exporters.
//
//   node exporter.mjs [--port 0] [--host 127.0.0.1]
//
// Prints one JSON line {"address":"127.0.0.1:<port>"} once it listens (port 0: a free port).
// No dependencies; loopback only. Paths (see prometheus.yml for how each is scraped):
//   /metrics/dcgm/gpu-node-a     dcgm-exporter 4.5.3-4.8.2 on a node whose exporter is scraped with
//                                honor_labels: true, so namespace/pod/container stay as they are
//   /metrics/dcgm/gpu-node-b     dcgm-exporter on a node scraped through a default ServiceMonitor
//                                (honorLabels: false): Prometheus renames the pod labels to
//                                exported_namespace/exported_pod; this one also uses HEAD's
//                                lower-case `hostname` label (NVIDIA/dcgm-exporter d5e5f51)
//   /metrics/kube-state-metrics  pods, Deployments, container requests/limits, HPAs
//   /metrics/cadvisor            container CPU and memory (kubelet /metrics/cadvisor)
//   /metrics/app                 the services' OpenTelemetry HTTP server histograms as the
//                                Prometheus exporter writes them, with the namespace/service/pod
//                                labels a ServiceMonitor attaches
// Label layouts follow NVIDIA/dcgm-exporter internal/pkg/rendermetrics/render_metrics.go,
// kube-state-metrics internal/store/{pod,deployment,horizontalpodautoscaler}.go and the OpenTelemetry
// HTTP semantic conventions; the values are synthetic and vary with time.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { workloads, decoys } = JSON.parse(
  fs.readFileSync(path.join(here, 'workloads.json'), 'utf8'),
);
const all = [...workloads, ...decoys];

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const started = Date.now();
/** Seconds of synthetic history, so counters start well above zero. */
const elapsed = () => 600 + (Date.now() - started) / 1000;
const wave = (period, phase = 0) => Math.sin(elapsed() / period + phase);

function esc(value) {
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

class Exposition {
  lines = [];
  declared = new Set();
  add(name, type, help, labels, value) {
    if (!this.declared.has(name)) {
      this.declared.add(name);
      this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    }
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}="${esc(v)}"`)
      .join(',');
    this.lines.push(`${name}{${text}} ${value}`);
  }
  toString() {
    return `${this.lines.join('\n')}\n`;
  }
}

function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const uid = pod =>
  `${hash(pod)}-${hash(`${pod}/a`).slice(0, 4)}-4${hash(`${pod}/b`).slice(
    0,
    3,
  )}-8${hash(`${pod}/c`).slice(0, 3)}-${hash(`${pod}/d`)}${hash(
    `${pod}/e`,
  ).slice(0, 4)}`;
const deployment = w => w.service;
const replicaSet = pod => pod.split('-').slice(0, -1).join('-');

// ---------------------------------------------------------------- DCGM
/** GPU entities per node: whole GPUs or MIG instances, each mapped to a pod or idle. */
function gpuEntities(node) {
  const entities = [];
  let index = 0;
  const device = (model, extra = {}) => {
    const i = index++;
    return {
      gpu: String(i),
      UUID: `GPU-${hash(`${node}/${i}`)}-${hash(`${node}/${i}/x`).slice(
        0,
        4,
      )}-4000-8000-${hash(`${node}/${i}/y`)}0000`,
      pci_bus_id: `00000000:${(0x07 + i * 8)
        .toString(16)
        .toUpperCase()
        .padStart(2, '0')}:00.0`,
      device: `nvidia${i}`,
      modelName: model,
      ...extra,
    };
  };
  // Pod 0 of every GPU workload runs on node A, pod 1 on node B.
  const podIndex = node === 'gpu-node-a' ? 0 : 1;
  for (const w of all.filter(x => x.gpu)) {
    const pod = w.pods[podIndex];
    if (!pod) continue;
    const owner = { container: w.service, namespace: w.namespace, pod };
    if (w.gpu.mode === 'mig') {
      const parent = device(w.gpu.model);
      entities.push({
        labels: {
          ...parent,
          GPU_I_PROFILE: w.gpu.profile,
          GPU_I_ID: String(1 + podIndex),
        },
        owner,
        mig: true,
        workload: w,
      });
    } else {
      for (let i = 0; i < (w.gpu.count ?? 1); i++) {
        entities.push({
          labels: device(w.gpu.model),
          owner,
          mig: false,
          workload: w,
        });
      }
    }
  }
  // An idle GPU: dcgm-exporter writes empty pod labels, which Prometheus drops on ingest.
  entities.push({
    labels: device('NVIDIA H100 80GB HBM3'),
    owner: { container: '', namespace: '', pod: '' },
    mig: false,
    workload: null,
  });
  return entities;
}

function dcgm(node) {
  const out = new Exposition();
  const hostLabel = node === 'gpu-node-a' ? 'Hostname' : 'hostname';
  const entities = gpuEntities(node);
  const fields = [
    [
      'DCGM_FI_DEV_GPU_TEMP',
      'gauge',
      'GPU temperature (in C).',
      e => (e.workload ? 71 : 33),
    ],
    [
      'DCGM_FI_DEV_POWER_USAGE',
      'gauge',
      'Power draw (in W).',
      e => (e.workload ? (410 + 60 * wave(15)).toFixed(6) : '61.250000'),
    ],
    // Not reported for MIG instances: the profiling metric below is.
    [
      'DCGM_FI_DEV_GPU_UTIL',
      'gauge',
      'GPU utilization (in %).',
      e => {
        if (e.mig) return undefined;
        return e.workload ? Math.round(70 + 25 * wave(20)) : 0;
      },
    ],
    [
      'DCGM_FI_DEV_FB_FREE',
      'gauge',
      'Framebuffer memory free (in MiB).',
      e => fb(e).free,
    ],
    [
      'DCGM_FI_DEV_FB_USED',
      'gauge',
      'Framebuffer memory used (in MiB).',
      e => fb(e).used,
    ],
    [
      'DCGM_FI_DEV_XID_ERRORS',
      'gauge',
      'Value of the last XID error encountered.',
      e => (e.workload ? 0 : 79),
    ],
    [
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      'gauge',
      'Ratio of time the graphics engine is active.',
      e => (e.workload ? (0.6 + 0.3 * wave(20, 1)).toFixed(6) : '0.000000'),
    ],
  ];
  for (const [name, type, help, value] of fields) {
    for (const e of entities) {
      const v = value(e);
      if (v === undefined) continue;
      const labels = {
        ...e.labels,
        [hostLabel]: node,
        DCGM_FI_DRIVER_VERSION: '570.172.08',
      };
      if (name === 'DCGM_FI_DEV_XID_ERRORS') {
        labels.err_code = String(v);
        labels.err_msg = v === 79 ? 'GPU has fallen off the bus' : 'No Error';
      }
      out.add(name, type, help, { ...labels, ...e.owner }, v);
    }
  }
  return out.toString();
}

function fb(entity) {
  const total = entity.workload ? entity.workload.gpu.framebufferMiB : 81559;
  const used = entity.workload ? Math.round(total * (0.7 + 0.1 * wave(30))) : 0;
  return { used, free: total - used };
}

// ---------------------------------------------------------------- kube-state-metrics
/** The node of a workload's i-th pod: the two GPU nodes for GPU pods, else one of three. */
function nodeOf(w, i) {
  if (w.gpu) return i === 0 ? 'gpu-node-a' : 'gpu-node-b';
  return `node-${(i % 3) + 1}`;
}

function kubeStateMetrics() {
  const out = new Exposition();
  for (const w of all) {
    w.pods.forEach((pod, i) => {
      const node = nodeOf(w, i);
      out.add(
        'kube_pod_info',
        'gauge',
        'Information about pod.',
        {
          namespace: w.namespace,
          pod,
          uid: uid(pod),
          host_ip: `10.0.1.${10 + i}`,
          pod_ip: `10.42.${i}.${20 + i}`,
          node,
          created_by_kind: 'ReplicaSet',
          created_by_name: replicaSet(pod),
          priority_class: '',
          host_network: 'false',
        },
        1,
      );
    });
  }
  for (const w of all) {
    w.pods.forEach((pod, i) => {
      // The last pod of the decoy is not ready: a namespace filter must keep it out.
      const ready = !(w.namespace === 'ml-serving' && i === w.pods.length - 1);
      for (const condition of ['true', 'false', 'unknown']) {
        out.add(
          'kube_pod_status_ready',
          'gauge',
          'Describes whether the pod is ready to serve requests.',
          { namespace: w.namespace, pod, uid: uid(pod), condition },
          (condition === 'true') === ready && condition !== 'unknown' ? 1 : 0,
        );
      }
    });
  }
  for (const w of all) {
    out.add(
      'kube_deployment_spec_replicas',
      'gauge',
      'Number of desired pods for a deployment.',
      { namespace: w.namespace, deployment: deployment(w) },
      w.pods.length,
    );
  }
  for (const w of all) {
    out.add(
      'kube_deployment_status_replicas_ready',
      'gauge',
      'The number of ready replicas per deployment.',
      { namespace: w.namespace, deployment: deployment(w) },
      w.pods.length,
    );
  }
  for (const w of all) {
    out.add(
      'kube_deployment_status_replicas_available',
      'gauge',
      'The number of available replicas per deployment.',
      { namespace: w.namespace, deployment: deployment(w) },
      w.pods.length,
    );
  }
  for (const kind of ['requests', 'limits']) {
    const metric = `kube_pod_container_resource_${kind}`;
    const help = `The number of requested ${
      kind === 'requests' ? 'request' : 'limit'
    } resource by a container.`;
    for (const w of all) {
      w.pods.forEach((pod, i) => {
        const node = nodeOf(w, i);
        const base = {
          namespace: w.namespace,
          pod,
          uid: uid(pod),
          container: w.service,
          node,
        };
        const cpu = kind === 'requests' ? w.cpu.request : w.cpu.limit;
        if (cpu !== null)
          out.add(
            metric,
            'gauge',
            help,
            { ...base, resource: 'cpu', unit: 'core' },
            cpu,
          );
        const memory = kind === 'requests' ? w.memory.request : w.memory.limit;
        if (memory !== null)
          out.add(
            metric,
            'gauge',
            help,
            { ...base, resource: 'memory', unit: 'byte' },
            memory,
          );
        if (w.gpu) {
          // kube-state-metrics turns the extended resource name into a label value with underscores.
          const resource =
            w.gpu.mode === 'mig'
              ? `nvidia_com_mig_${w.gpu.profile.replace('.', '_')}`
              : 'nvidia_com_gpu';
          out.add(
            metric,
            'gauge',
            help,
            { ...base, resource, unit: 'integer' },
            w.gpu.count ?? 1,
          );
        }
      });
    }
  }
  const hpas = all.filter(w => w.hpa);
  const hpa = w => ({
    horizontalpodautoscaler: deployment(w),
    namespace: w.namespace,
  });
  const current = w =>
    Math.max(
      w.hpa.min,
      Math.min(w.hpa.max, Math.round(w.pods.length + wave(40))),
    );
  for (const w of hpas) {
    out.add(
      'kube_horizontalpodautoscaler_info',
      'gauge',
      'Information about this autoscaler.',
      {
        ...hpa(w),
        scaletargetref_api_version: 'apps/v1',
        scaletargetref_kind: 'Deployment',
        scaletargetref_name: deployment(w),
      },
      1,
    );
  }
  for (const w of hpas) {
    out.add(
      'kube_horizontalpodautoscaler_metadata_generation',
      'gauge',
      '[STABLE] The generation observed by the HorizontalPodAutoscaler controller.',
      hpa(w),
      1,
    );
  }
  for (const w of hpas) {
    out.add(
      'kube_horizontalpodautoscaler_spec_max_replicas',
      'gauge',
      '[STABLE] Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
      hpa(w),
      w.hpa.max,
    );
  }
  for (const w of hpas) {
    out.add(
      'kube_horizontalpodautoscaler_spec_min_replicas',
      'gauge',
      '[STABLE] Lower limit for the number of pods that can be set by the autoscaler, default 1.',
      hpa(w),
      w.hpa.min,
    );
  }
  for (const w of hpas) {
    for (const m of w.hpa.metrics) {
      out.add(
        'kube_horizontalpodautoscaler_spec_target_metric',
        'gauge',
        'The metric specifications used by this autoscaler when calculating the desired replica count.',
        {
          ...hpa(w),
          metric_name: m.name,
          metric_target_type: m.type,
          container: '',
        },
        m.target,
      );
    }
  }
  for (const w of hpas) {
    for (const m of w.hpa.metrics) {
      const labels = { ...hpa(w), metric_name: m.name, container: '' };
      const value = +(m.current * (1 + 0.1 * wave(25))).toFixed(3);
      out.add(
        'kube_horizontalpodautoscaler_status_target_metric',
        'gauge',
        '[STABLE] The current metric status used by this autoscaler when calculating the desired replica count.',
        { ...labels, metric_target_type: m.type },
        value,
      );
      if (m.type === 'utilization') {
        // The controller also reports the average value behind a utilization (kube-state-metrics emits both).
        const request = m.name === 'cpu' ? w.cpu.request : w.memory.request;
        out.add(
          'kube_horizontalpodautoscaler_status_target_metric',
          'gauge',
          '',
          { ...labels, metric_target_type: 'average' },
          +((value / 100) * request).toFixed(3),
        );
      }
    }
  }
  for (const w of hpas) {
    for (const [condition, status] of [
      ['AbleToScale', 'true'],
      ['ScalingActive', 'true'],
      ['ScalingLimited', 'false'],
    ]) {
      for (const s of ['false', 'true', 'unknown']) {
        out.add(
          'kube_horizontalpodautoscaler_status_condition',
          'gauge',
          '[STABLE] The condition of this autoscaler.',
          { ...hpa(w), condition, status: s },
          s === status ? 1 : 0,
        );
      }
    }
  }
  for (const w of hpas) {
    out.add(
      'kube_horizontalpodautoscaler_status_current_replicas',
      'gauge',
      '[STABLE] Current number of replicas of pods managed by this autoscaler.',
      hpa(w),
      current(w),
    );
  }
  for (const w of hpas) {
    out.add(
      'kube_horizontalpodautoscaler_status_desired_replicas',
      'gauge',
      '[STABLE] Desired number of replicas of pods managed by this autoscaler.',
      hpa(w),
      current(w),
    );
  }
  return out.toString();
}

// ---------------------------------------------------------------- cAdvisor
function cadvisor() {
  const out = new Exposition();
  const t = elapsed();
  for (const w of all) {
    w.pods.forEach((pod, i) => {
      const id = `/kubepods/burstable/pod${uid(pod)}`;
      const container = {
        container: w.service,
        id: `${id}/${hash(pod)}`,
        image: `ghcr.io/acme/${w.service}:0.1.0`,
        name: hash(`${pod}/c`),
        namespace: w.namespace,
        pod,
      };
      // The pod's own cgroup has container="" and must not be counted twice.
      const podCgroup = {
        container: '',
        id,
        image: '',
        name: '',
        namespace: w.namespace,
        pod,
      };
      const cpu = w.cpu.used * (1 + 0.05 * i);
      out.add(
        'container_cpu_usage_seconds_total',
        'counter',
        'Cumulative cpu time consumed in seconds.',
        container,
        (cpu * t).toFixed(6),
      );
      out.add(
        'container_cpu_usage_seconds_total',
        'counter',
        'Cumulative cpu time consumed in seconds.',
        podCgroup,
        (cpu * 1.02 * t).toFixed(6),
      );
    });
  }
  for (const w of all) {
    w.pods.forEach((pod, i) => {
      const id = `/kubepods/burstable/pod${uid(pod)}`;
      const used = Math.round(w.memory.used * (1 + 0.02 * wave(30, i)));
      out.add(
        'container_memory_working_set_bytes',
        'gauge',
        'Current working set in bytes.',
        {
          container: w.service,
          id: `${id}/${hash(pod)}`,
          image: `ghcr.io/acme/${w.service}:0.1.0`,
          name: hash(`${pod}/c`),
          namespace: w.namespace,
          pod,
        },
        used,
      );
      out.add(
        'container_memory_working_set_bytes',
        'gauge',
        'Current working set in bytes.',
        { container: '', id, image: '', name: '', namespace: w.namespace, pod },
        used + 1048576,
      );
    });
  }
  return out.toString();
}

// ---------------------------------------------------------------- OpenTelemetry HTTP server histogram
/** Default explicit buckets of http.server.request.duration (semantic conventions), and the share of requests in each. */
const BUCKETS = [
  [0.005, 0.02],
  [0.01, 0.08],
  [0.025, 0.25],
  [0.05, 0.5],
  [0.075, 0.65],
  [0.1, 0.75],
  [0.25, 0.92],
  [0.5, 0.97],
  [0.75, 0.985],
  [1, 0.99],
  [2.5, 0.997],
  [5, 0.999],
  [7.5, 0.9995],
  [10, 0.9999],
];

function app() {
  const out = new Exposition();
  const t = elapsed();
  const series = [];
  for (const w of all) {
    for (const pod of w.pods) {
      const target = {
        namespace: w.namespace,
        service: w.service,
        pod,
        container: w.service,
        endpoint: 'http',
      };
      const perPod = w.rps / w.pods.length;
      // Every pod fails now and then: at least one 5xx every two seconds, so the lab's error
      // alert fires for every service within a few scrapes.
      const rates = { 404: perPod * 0.005, 500: Math.max(0.5, perPod * 0.01) };
      rates[200] = Math.max(perPod - rates[404] - rates[500], 1);
      for (const code of ['200', '404', '500']) {
        series.push({
          target,
          code,
          count: Math.floor(rates[code] * t),
          route: w.gpu ? '/v1/infer' : '/v1/orders',
        });
      }
    }
  }
  const name = 'http_server_request_duration_seconds';
  const help = 'Duration of HTTP server requests.';
  for (const s of series) {
    const labels = {
      http_request_method: 'POST',
      http_response_status_code: s.code,
      http_route: s.route,
      otel_scope_name: 'io.opentelemetry.http',
      ...s.target,
    };
    for (const [le, share] of BUCKETS)
      out.add(
        `${name}_bucket`,
        'histogram',
        help,
        { ...labels, le: String(le) },
        Math.floor(s.count * share),
      );
    out.add(
      `${name}_bucket`,
      'histogram',
      help,
      { ...labels, le: '+Inf' },
      s.count,
    );
    out.add(
      `${name}_sum`,
      'histogram',
      help,
      labels,
      (s.count * 0.061).toFixed(3),
    );
    out.add(`${name}_count`, 'histogram', help, labels, s.count);
  }
  // The three names above are one histogram family; drop the duplicate HELP/TYPE lines.
  const lines = out.toString().split('\n');
  const seen = new Set();
  return `${lines
    .filter(line => {
      if (!line.startsWith('# ')) return true;
      const key = line.startsWith('# TYPE') ? 'type' : 'help';
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(line =>
      line.startsWith('# ') ? line.replace(`${name}_bucket`, name) : line,
    )
    .join('\n')}`;
}

const routes = {
  '/metrics/dcgm/gpu-node-a': () => dcgm('gpu-node-a'),
  '/metrics/dcgm/gpu-node-b': () => dcgm('gpu-node-b'),
  '/metrics/kube-state-metrics': kubeStateMetrics,
  '/metrics/cadvisor': cadvisor,
  '/metrics/app': app,
};

const server = http.createServer((req, res) => {
  const render = routes[(req.url ?? '').split('?')[0]];
  if (!render) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
  });
  res.end(render());
});
server.listen(Number(arg('port', '9400')), arg('host', '127.0.0.1'), () => {
  const { address, port } = server.address();
  process.stdout.write(
    `${JSON.stringify({ address: `${address}:${port}` })}\n`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => server.close(() => process.exit(0)));
// Stop with the process that started it: stdin closes when the parent goes away.
if (process.argv.includes('--exit-with-stdin'))
  process.stdin.on('end', () => process.exit(0)).resume();
