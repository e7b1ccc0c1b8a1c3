import { demoDataset } from '../demo/demoDataset';
import {
  DemoObservability,
  observabilityInstalled,
  startDemoObservability,
} from '../observability/demoObservability';
import { waitFor } from '../observability/observability';

(observabilityInstalled() ? describe : describe.skip)(
  'startDemoObservability',
  () => {
    let demo: DemoObservability;
    beforeAll(async () => {
      demo = await startDemoObservability(demoDataset());
    });
    afterAll(() => demo?.stop());

    it('serves DCGM and replica series of the demo dataset and its alerts, one silenced', async () => {
      const query = async (expr: string) => {
        const res = await fetch(
          `${demo.prometheus.url}/api/v1/query?query=${encodeURIComponent(
            expr,
          )}`,
        );
        return (await res.json()).data.result as {
          metric: Record<string, string>;
        }[];
      };
      // The demo dataset has five pods on GPU nodes and five HPAs; each job's first scrape
      // comes on its own schedule, so wait for both.
      const [dcgm, replicas] = await waitFor('the first scrapes', async () => {
        const results = await Promise.all([
          query('DCGM_FI_DEV_GPU_UTIL'),
          query('kube_horizontalpodautoscaler_status_current_replicas'),
        ]);
        return results.every(r => r.length) ? results : undefined;
      });
      expect(dcgm).toHaveLength(5);
      expect(dcgm[0].metric).toMatchObject({ paved_demo: 'true' });
      expect(replicas).toHaveLength(5);

      const alerts = (await (
        await fetch(`${demo.alertmanager.url}/api/v2/alerts`)
      ).json()) as {
        labels: Record<string, string>;
        status: { state: string };
      }[];
      expect(
        alerts.map(a => [a.labels.alertname, a.status.state]).sort(),
      ).toEqual([
        ['GpuMemoryPressure', 'active'],
        ['HpaAtMaxReplicas', 'active'],
        ['NoisyLatencyProbe', 'suppressed'],
      ]);
    });
  },
);
