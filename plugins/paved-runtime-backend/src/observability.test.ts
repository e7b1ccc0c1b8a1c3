import { mockServices } from '@backstage/backend-test-utils';
import {
  ALERTMANAGER_BINARY,
  Daemon,
  FakeKubernetesServer,
  PROMETHEUS_BINARY,
  demoDataset,
  freePort,
  postJson,
  startAlertmanager,
  startExporter,
  startPrometheus,
  waitFor,
} from '@paved/kubernetes-test-utils';
import { RuntimeEnvironment } from '@paved/plugin-paved-runtime-common';
import { clusterOf } from './__testUtils__/clusters';
import { component } from './__testUtils__/fakeCatalog';
import { HttpEndpoint } from './config';
import { RuntimeService } from './RuntimeService';

const endpoint = (url: string): HttpEndpoint => ({ url, headers: {} });
const installed = PROMETHEUS_BINARY && ALERTMANAGER_BINARY;
if (!installed) {
  // eslint-disable-next-line no-console
  console.warn(
    'SKIPPED: prometheus or prometheus-alertmanager not installed (apt-get install prometheus prometheus-alertmanager)',
  );
}

(installed ? describe : describe.skip)(
  'with real Prometheus and Alertmanager',
  () => {
    let cluster: FakeKubernetesServer;
    let prometheus: Daemon;
    let alertmanager: Daemon;
    let exporter: Awaited<ReturnType<typeof startExporter>>;

    function service(options: { prometheus?: string; alertmanager?: string }) {
      return RuntimeService.create({
        config: {
          timeoutMs: 2000,
          cacheTtlSeconds: 0,
          entityCacheSeconds: 0,
          clusters: [
            clusterOf(cluster, 'demo', {
              prometheus: options.prometheus
                ? endpoint(options.prometheus)
                : undefined,
              alertmanager: options.alertmanager
                ? endpoint(options.alertmanager)
                : undefined,
            }),
          ],
          ignoredSettings: [],
        },
        cache: mockServices.cache.mock(),
      });
    }

    beforeAll(async () => {
      cluster = await FakeKubernetesServer.start({ objects: demoDataset() });
      const pods = cluster
        .listObjects('v1', 'Pod', 'vision-inference-prod')
        .filter(
          p => (p.spec as { nodeName?: string }).nodeName === 'gpu-node-1',
        )
        .map(p => p.metadata!.name!);
      const series = (metric: string, value: number, labels: string) =>
        `${metric}{gpu="0",UUID="GPU-1",modelName="NVIDIA A100-SXM4-80GB",${labels}} ${value}\n`;
      // A released dcgm-exporter (Hostname) behind a default ServiceMonitor (exported_*),
      // and HEAD (hostname) scraped with honor_labels: both must join to the pods.
      const dcgmOld = [
        series(
          'DCGM_FI_DEV_GPU_UTIL',
          80,
          `Hostname="gpu-node-1",namespace="vision-inference-prod",pod="${pods[0]}",container="vision-inference"`,
        ),
        series(
          'DCGM_FI_DEV_FB_USED',
          1024,
          `Hostname="gpu-node-1",namespace="vision-inference-prod",pod="${pods[0]}"`,
        ),
        series(
          'DCGM_FI_DEV_FB_FREE',
          3072,
          `Hostname="gpu-node-1",namespace="vision-inference-prod",pod="${pods[0]}"`,
        ),
      ].join('');
      const dcgmNew = series(
        'DCGM_FI_DEV_GPU_UTIL',
        40,
        `hostname="gpu-node-1",namespace="vision-inference-prod",pod="${pods[1]}"`,
      );
      const ksm =
        'kube_horizontalpodautoscaler_status_current_replicas{namespace="orders-api-prod",horizontalpodautoscaler="orders-api"} 10\n';
      exporter = await startExporter({
        '/dcgm': dcgmOld,
        '/dcgm-new': dcgmNew,
        '/ksm': ksm,
      });
      [prometheus, alertmanager] = await Promise.all([
        startPrometheus(exporter.address, [
          { name: 'dcgm', path: '/dcgm', honorLabels: false },
          { name: 'dcgm-new', path: '/dcgm-new', honorLabels: true },
          { name: 'ksm', path: '/ksm', honorLabels: true },
        ]),
        startAlertmanager(),
      ]);
      const alert = (labels: Record<string, string>, summary: string) => ({
        labels,
        annotations: { summary, runbook_url: 'https://runbooks.example.com/x' },
      });
      const ns = 'orders-api-prod';
      await postJson(`${alertmanager.url}/api/v2/alerts`, [
        alert(
          {
            alertname: 'OrdersDown',
            namespace: ns,
            service: 'orders-api',
            severity: 'critical',
          },
          'down',
        ),
        alert(
          {
            alertname: 'OrdersSlow',
            namespace: ns,
            service: 'orders-api',
            severity: 'warning',
          },
          'slow',
        ),
        alert(
          {
            alertname: 'OrdersNoisy',
            namespace: ns,
            deployment: 'orders-api',
            severity: 'info',
          },
          'noisy',
        ),
        alert(
          {
            alertname: 'OtherApp',
            namespace: ns,
            deployment: 'someone-else',
            severity: 'critical',
          },
          'not ours',
        ),
        alert(
          {
            alertname: 'OtherNamespace',
            namespace: 'shop',
            service: 'orders-api',
            severity: 'critical',
          },
          'not ours',
        ),
      ]);
      const now = Date.now();
      await postJson(`${alertmanager.url}/api/v2/silences`, {
        matchers: [{ name: 'alertname', value: 'OrdersNoisy', isRegex: false }],
        startsAt: new Date(now - 1000).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        createdBy: 'test',
        comment: 'known',
      });
      await waitFor('inhibition and series', async () => {
        const alerts = await (
          await fetch(`${alertmanager.url}/api/v2/alerts`)
        ).json();
        const slow = alerts.find(
          (a: any) => a.labels.alertname === 'OrdersSlow',
        );
        const noisy = alerts.find(
          (a: any) => a.labels.alertname === 'OrdersNoisy',
        );
        // Every job scraped: both DCGM variants, the memory series and kube-state-metrics.
        const count = async (expr: string) =>
          (
            await (
              await fetch(
                `${prometheus.url}/api/v1/query?query=${encodeURIComponent(
                  `count(${expr})`,
                )}`,
              )
            ).json()
          ).data.result[0]?.value[1];
        const scraped =
          (await count('DCGM_FI_DEV_GPU_UTIL')) === '2' &&
          (await count('DCGM_FI_DEV_FB_FREE')) === '1' &&
          (await count(
            'kube_horizontalpodautoscaler_status_current_replicas',
          )) === '1';
        return slow?.status.inhibitedBy.length &&
          noisy?.status.silencedBy.length &&
          scraped
          ? true
          : undefined;
      });
    });
    afterAll(async () => {
      await Promise.all([
        prometheus?.stop(),
        alertmanager?.stop(),
        exporter?.stop(),
        cluster?.stop(),
      ]);
    });

    const env = (envs: RuntimeEnvironment[], namespace: string) =>
      envs.find(e => e.namespace === namespace)!;

    it('joins DCGM figures to pods and nodes, label variants included, and reads replica history', async () => {
      const runtime = service({ prometheus: prometheus.url });
      const vision = await runtime.get(component('vision-inference'));
      expect(vision.errors).toEqual([]);
      const prod = env(vision.environments, 'vision-inference-prod');
      const whole = prod.gpu.workloads.find(
        w => w.resource === 'nvidia.com/gpu',
      )!;
      expect(whole.utilizationPercent).toBe(60);
      expect(whole.memoryUsedBytes).toBe(1024 * 1024 * 1024);
      expect(whole.memoryTotalBytes).toBe(4096 * 1024 * 1024);
      const node = prod.gpu.nodes.find(n => n.name === 'gpu-node-1')!;
      expect(node.utilizationPercent).toBe(60);

      const orders = await runtime.get(component('orders-api'));
      const hpa = env(orders.environments, 'orders-api-prod').hpas[0];
      expect(hpa.history.length).toBeGreaterThan(0);
      expect(hpa.history.length).toBeLessThanOrEqual(61);
      expect(hpa.history.at(-1)!.replicas).toBe(10);
      expect(
        orders.environments.every(e => e.alerts.status === 'not-configured'),
      ).toBe(true);
    });

    it('lists the component alerts, suppressed ones with what suppresses them', async () => {
      const runtime = service({ alertmanager: alertmanager.url });
      const orders = await runtime.get(component('orders-api'));
      const prod = env(orders.environments, 'orders-api-prod');
      expect(prod.alerts.status).toBe('firing');
      const byName = Object.fromEntries(
        prod.alerts.items.map(a => [a.name, a]),
      );
      expect(Object.keys(byName).sort()).toEqual([
        'OrdersDown',
        'OrdersNoisy',
        'OrdersSlow',
      ]);
      expect(byName.OrdersDown).toMatchObject({
        state: 'active',
        severity: 'critical',
        summary: 'down',
        runbookUrl: 'https://runbooks.example.com/x',
      });
      expect(byName.OrdersSlow.state).toBe('suppressed');
      expect(byName.OrdersSlow.inhibitedBy).toEqual([
        byName.OrdersDown.fingerprint,
      ]);
      expect(byName.OrdersNoisy.state).toBe('suppressed');
      expect(byName.OrdersNoisy.silencedBy).toHaveLength(1);
      expect(env(orders.environments, 'orders-api-dev').alerts).toEqual({
        status: 'ok',
        items: [],
      });
    });

    it('uses paved.dev/alert-matchers exactly as given', async () => {
      const runtime = service({ alertmanager: alertmanager.url });
      const orders = await runtime.get(
        component('orders-api', {
          'paved.dev/alert-matchers':
            '{alertname=~"Other.*", severity="critical"}',
        }),
      );
      const names = orders.environments.flatMap(e =>
        e.alerts.items.map(a => a.name),
      );
      expect(names).toEqual(['OtherApp']);
    });

    it('says unavailable, never ok, when Alertmanager rejects the filter or is down', async () => {
      const rejected = await service({ alertmanager: alertmanager.url }).get(
        component('orders-api', {
          'paved.dev/alert-matchers': 'alertname="unterminated',
        }),
      );
      expect(
        rejected.environments.every(e => e.alerts.status === 'unavailable'),
      ).toBe(true);
      expect(rejected.errors).toEqual([
        {
          source: 'alertmanager',
          cluster: 'demo',
          kind: 'bad-response',
          message: 'list alertmanager alerts: HTTP 400',
        },
      ]);
      const downUrl = `http://127.0.0.1:${await freePort()}`;
      const down = await service({
        alertmanager: downUrl,
        prometheus: downUrl,
      }).get(component('vision-inference'));
      expect(
        down.environments.every(e => e.alerts.status === 'unavailable'),
      ).toBe(true);
      expect(down.errors.map(e => [e.source, e.kind])).toEqual([
        ['prometheus', 'unreachable'],
        ['alertmanager', 'unreachable'],
      ]);
      const prod = env(down.environments, 'vision-inference-prod');
      expect(prod.gpu.workloads[0].utilizationPercent).toBeNull();
      // The nodes still come from Kubernetes; only their Prometheus figures are missing.
      expect(prod.gpu.nodes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'gpu-node-1',
            utilizationPercent: null,
          }),
        ]),
      );
    });
  },
);
