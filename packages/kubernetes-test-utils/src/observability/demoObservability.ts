import { KubeObject } from '../kinds/KindDefinition';
import { Daemon } from './daemons';
import {
  ALERTMANAGER_BINARY,
  PROMETHEUS_BINARY,
  postJson,
  startAlertmanager,
  startExporter,
  startPrometheus,
} from './observability';

const GIB = 1024;
/** Alerts and silences are posted again before they end, as Prometheus would resend them. */
const REPOST_MS = 10 * 60_000;

interface PodSpecLike {
  nodeName?: string;
  containers?: {
    name: string;
    resources?: { limits?: Record<string, string> };
  }[];
}

/** Labels of every Prometheus series this demo serves, so a query shows where it came from. */
const DEMO_LABELS = 'paved_demo="true"';

/** A value that moves slowly with time, so the demo's figures and history look alive. */
function wave(base: number, amplitude: number, phase: number): number {
  return Math.round(base + amplitude * Math.sin(Date.now() / 60_000 + phase));
}

/**
 * DCGM exporter series for every pod of `objects` with a whole NVIDIA GPU on a node, labelled
 * the way a released dcgm-exporter behind a default ServiceMonitor labels them.
 */
export function demoDcgmPage(objects: KubeObject[]): string {
  const lines: string[] = [];
  objects
    .filter(o => o.kind === 'Pod')
    .forEach((pod, i) => {
      const spec = pod.spec as PodSpecLike;
      const gpu = spec.containers?.find(
        c => c.resources?.limits?.['nvidia.com/gpu'],
      );
      if (!gpu || !spec.nodeName) return;
      const labels = `${DEMO_LABELS},gpu="0",UUID="GPU-demo-${i}",modelName="NVIDIA A100-SXM4-80GB",Hostname="${spec.nodeName}",namespace="${pod.metadata?.namespace}",pod="${pod.metadata?.name}",container="${gpu.name}"`;
      const usedMib = wave(30 * GIB, 10 * GIB, i);
      lines.push(
        `DCGM_FI_DEV_GPU_UTIL{${labels}} ${wave(65, 25, i)}`,
        `DCGM_FI_DEV_FB_USED{${labels}} ${usedMib}`,
        `DCGM_FI_DEV_FB_FREE{${labels}} ${80 * GIB - usedMib}`,
      );
    });
  return `${lines.join('\n')}\n`;
}

/** kube-state-metrics' current replicas of every HPA of `objects`, moving within its bounds. */
export function demoKubeStateMetricsPage(objects: KubeObject[]): string {
  const lines = objects
    .filter(o => o.kind === 'HorizontalPodAutoscaler')
    .map((hpa, i) => {
      const spec = hpa.spec as { minReplicas?: number; maxReplicas: number };
      const min = spec.minReplicas ?? 1;
      const replicas = wave(
        (min + spec.maxReplicas) / 2,
        (spec.maxReplicas - min) / 2,
        i,
      );
      return `kube_horizontalpodautoscaler_status_current_replicas{${DEMO_LABELS},namespace="${hpa.metadata?.namespace}",horizontalpodautoscaler="${hpa.metadata?.name}"} ${replicas}`;
    });
  return `${lines.join('\n')}\n`;
}

/** The demo's alerts: one firing and one silenced per example GPU and HTTP service. */
export function demoAlerts(period: { startsAt: Date; endsAt: Date }) {
  const alert = (
    labels: Record<string, string>,
    summary: string,
    description: string,
  ) => ({
    labels: { ...labels, paved_demo: 'true' },
    annotations: {
      summary,
      description,
      runbook_url: 'https://runbooks.example.com/paved-demo',
    },
    // Without startsAt, Alertmanager takes endsAt for it and the alert seems to start in the future.
    startsAt: period.startsAt.toISOString(),
    endsAt: period.endsAt.toISOString(),
  });
  return [
    alert(
      {
        alertname: 'GpuMemoryPressure',
        severity: 'warning',
        namespace: 'vision-inference-prod',
        deployment: 'vision-inference',
      },
      'DEMO: GPU memory above 90% on vision-inference',
      'A demo alert posted by the Paved demo; no real GPU is involved.',
    ),
    alert(
      {
        alertname: 'HpaAtMaxReplicas',
        severity: 'critical',
        namespace: 'orders-api-prod',
        deployment: 'orders-api',
      },
      'DEMO: orders-api has been at its maximum replicas for 15 minutes',
      'A demo alert posted by the Paved demo.',
    ),
    alert(
      {
        alertname: 'NoisyLatencyProbe',
        severity: 'info',
        namespace: 'orders-api-prod',
        deployment: 'orders-api',
      },
      'DEMO: a silenced alert',
      'Silenced by the Paved demo to show how suppressed alerts look.',
    ),
  ];
}

export interface DemoObservability {
  prometheus: Daemon;
  alertmanager: Daemon;
  stop(): Promise<void>;
}

/** True when the Debian `prometheus` and `prometheus-alertmanager` binaries are installed. */
export function observabilityInstalled(): boolean {
  return !!PROMETHEUS_BINARY && !!ALERTMANAGER_BINARY;
}

/**
 * Real Prometheus and Alertmanager on loopback for the demo cluster's `objects`: Prometheus
 * scrapes a tiny exporter serving DCGM and kube-state-metrics series of the demo's pods and
 * HPAs; Alertmanager holds the demo alerts, one of them silenced, posted through its API.
 */
export async function startDemoObservability(
  objects: KubeObject[],
  ports: { exporter?: number; prometheus?: number; alertmanager?: number } = {},
): Promise<DemoObservability> {
  const exporter = await startExporter(
    {
      '/dcgm': () => demoDcgmPage(objects),
      '/kube-state-metrics': () => demoKubeStateMetricsPage(objects),
    },
    ports.exporter,
  );
  const started = await Promise.allSettled([
    startPrometheus(
      exporter.address,
      [
        { name: 'dcgm-exporter', path: '/dcgm', honorLabels: false },
        {
          name: 'kube-state-metrics',
          path: '/kube-state-metrics',
          honorLabels: true,
        },
      ],
      { port: ports.prometheus, scrapeInterval: '5s' },
    ),
    startAlertmanager(ports.alertmanager),
  ]);
  const [prometheus, alertmanager] = started.map(s =>
    s.status === 'fulfilled' ? s.value : undefined,
  );
  const timers: ReturnType<typeof setInterval>[] = [];
  const stop = async () => {
    timers.forEach(clearInterval);
    await Promise.all([prometheus?.stop(), alertmanager?.stop()]);
    await exporter.stop();
  };
  const failed = started.find(s => s.status === 'rejected');
  if (failed || !prometheus || !alertmanager) {
    await stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  const firingSince = new Date(Date.now() - 5 * 60_000);
  const postAlerts = () =>
    postJson(
      `${alertmanager.url}/api/v2/alerts`,
      demoAlerts({
        startsAt: firingSince,
        endsAt: new Date(Date.now() + 2 * REPOST_MS),
      }),
    );
  try {
    const now = Date.now();
    await postAlerts();
    await postJson(`${alertmanager.url}/api/v2/silences`, {
      matchers: [
        { name: 'alertname', value: 'NoisyLatencyProbe', isRegex: false },
        { name: 'paved_demo', value: 'true', isRegex: false },
      ],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 30 * 24 * 3600_000).toISOString(),
      createdBy: 'paved-demo',
      comment: 'DEMO: silenced to show a suppressed alert',
    });
  } catch (error) {
    await stop();
    throw error;
  }
  timers.push(
    setInterval(() => postAlerts().catch(() => undefined), REPOST_MS),
  );
  return { prometheus, alertmanager, stop };
}
