import { locatePromtool, promtoolCheckRules, promtoolTestRules } from './helm';
import {
  chartExpectationsOf,
  only,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';

// Checks the alerts in the PrometheusRule the Helm chart renders, for every parameter set through
// the real scaffolder's dry run and every environment, under Helm 4: promtool check rules, the
// label conventions, and what fires on synthetic series (promtool test rules).

const { render } = renderHelmChartsOfEverySet();

let promtool: string;
beforeAll(() => {
  promtool = locatePromtool();
});

describe.each(PARAMETER_SETS)('the Helm chart of %s', set => {
  const expected = chartExpectationsOf(set);

  it('has alerts that pass promtool check rules and follow the label conventions', async () => {
    for (const env of expected.envs) {
      const rule = only(await render(set, 4, env), 'PrometheusRule');
      const check = await promtoolCheckRules(promtool, rule.spec);
      expect(`${check.stdout}${check.stderr}`).toMatch(/SUCCESS/);
      expect(check.code).toBe(0);

      const alerts = rule.spec.groups.flatMap((g: any) => g.rules);
      expect(alerts.map((a: any) => a.alert).sort()).toEqual(
        [
          'HighHTTPErrorRatio',
          'HighHTTPLatencyP95',
          'PodsNotReady',
          ...(expected.autoscaling ? ['HPAMaxedOut'] : []),
          ...(expected.gpu ? ['GPUXidErrors', 'GPUMemoryNearlyFull'] : []),
        ].sort(),
      );
      for (const alert of alerts) {
        expect(alert.labels).toMatchObject({
          severity: expect.stringMatching(/^(critical|warning|info)$/),
          service: expected.name,
          team: expect.any(String),
        });
        expect(alert.annotations).toEqual({
          summary: expect.any(String),
          description: expect.any(String),
          runbook_url: expect.stringMatching(/#[a-z0-9-]+$/),
        });
      }
      const http = alerts.find((a: any) => a.alert === 'HighHTTPErrorRatio');
      expect(http.expr).toContain('http_server_request_duration_seconds_count');
      expect(http.expr).toContain('http_response_status_code=~"5.."');
      expect(http.expr).toContain(`namespace="${expected.name}-${env}"`);
      expect(http.expr).toContain(`service="${expected.name}"`);
    }
  });
});

describe('the alert expressions', () => {
  // Evaluates the rendered rules of llm-serving in prod (GPUs, autoscaling) against synthetic
  // series with promtool. Annotations are dropped: these tests are about what fires.
  const ns = 'llm-serving-prod';
  const pod = 'llm-serving-7d9f8b6c5d-x2k4q';
  const otherPod = 'llm-serving-worker-6b5c4d-p9z8w';
  const common = {
    namespace: ns,
    service: 'llm-serving',
    team: 'product-team',
    receiver: 'product-team',
  };
  const http = (code: string, le?: string) =>
    `http_server_request_duration_seconds_${
      le ? 'bucket' : 'count'
    }{namespace="${ns}",service="llm-serving",http_response_status_code="${code}"${
      le ? `,le="${le}"` : ''
    }}`;

  async function rulesWithoutAnnotations() {
    const rule = only(await render('gpuCount', 4, 'prod'), 'PrometheusRule');
    return {
      groups: rule.spec.groups.map((g: any) => ({
        ...g,
        rules: g.rules.map(({ annotations: _, ...r }: any) => r),
      })),
    };
  }

  it('fire on the service’s own series in both DCGM label layouts, and only then', async () => {
    const result = await promtoolTestRules(
      promtool,
      await rulesWithoutAnnotations(),
      [
        {
          interval: '1m',
          input_series: [
            // 10 % of requests fail, most take 0.5–1 s.
            { series: http('200'), values: '0+90x30' },
            { series: http('500'), values: '0+10x30' },
            { series: http('200', '0.1'), values: '0+5x30' },
            { series: http('200', '0.5'), values: '0+10x30' },
            { series: http('200', '1'), values: '0+100x30' },
            { series: http('200', '+Inf'), values: '0+100x30' },
            // One pod not ready; another deployment's pod in the namespace must not count.
            {
              series: `kube_pod_status_ready{namespace="${ns}",pod="${pod}",condition="false"}`,
              values: '1x30',
            },
            {
              series: `kube_pod_status_ready{namespace="${ns}",pod="${otherPod}",condition="false"}`,
              values: '1x30',
            },
            {
              series: `kube_horizontalpodautoscaler_status_current_replicas{namespace="${ns}",horizontalpodautoscaler="llm-serving"}`,
              values: '4x30',
            },
            {
              series: `kube_horizontalpodautoscaler_spec_max_replicas{namespace="${ns}",horizontalpodautoscaler="llm-serving"}`,
              values: '4x30',
            },
            {
              series: `kube_horizontalpodautoscaler_spec_min_replicas{namespace="${ns}",horizontalpodautoscaler="llm-serving"}`,
              values: '2x30',
            },
            // XID 79 reported through a default ServiceMonitor: exported_* labels.
            {
              series: `DCGM_FI_DEV_XID_ERRORS{namespace="gpu-operator",pod="dcgm-exporter-abcde",exported_namespace="${ns}",exported_pod="${pod}",gpu="0",UUID="GPU-0",Hostname="gpu-node-1",err_code="79"}`,
              values: '79x30',
            },
            {
              series: `DCGM_FI_DEV_XID_ERRORS{namespace="gpu-operator",pod="dcgm-exporter-abcde",exported_namespace="${ns}",exported_pod="${otherPod}",gpu="1",UUID="GPU-1",Hostname="gpu-node-1",err_code="79"}`,
              values: '79x30',
            },
            // Framebuffer 98 % full, scraped with honorLabels: namespace/pod.
            {
              series: `DCGM_FI_DEV_FB_USED{namespace="${ns}",pod="${pod}",gpu="2",UUID="GPU-2",hostname="gpu-node-2"}`,
              values: '80000x30',
            },
            {
              series: `DCGM_FI_DEV_FB_FREE{namespace="${ns}",pod="${pod}",gpu="2",UUID="GPU-2",hostname="gpu-node-2"}`,
              values: '1559x30',
            },
          ],
          alert_rule_test: [
            {
              eval_time: '25m',
              alertname: 'HighHTTPErrorRatio',
              exp_alerts: [{ exp_labels: { ...common, severity: 'critical' } }],
            },
            {
              eval_time: '25m',
              alertname: 'HighHTTPLatencyP95',
              exp_alerts: [{ exp_labels: { ...common, severity: 'warning' } }],
            },
            {
              eval_time: '25m',
              alertname: 'PodsNotReady',
              exp_alerts: [{ exp_labels: { ...common, severity: 'warning' } }],
            },
            {
              eval_time: '25m',
              alertname: 'HPAMaxedOut',
              exp_alerts: [
                {
                  exp_labels: {
                    ...common,
                    severity: 'warning',
                    horizontalpodautoscaler: 'llm-serving',
                  },
                },
              ],
            },
            {
              eval_time: '25m',
              alertname: 'GPUXidErrors',
              exp_alerts: [
                {
                  exp_labels: {
                    ...common,
                    severity: 'critical',
                    pod,
                    gpu: '0',
                    UUID: 'GPU-0',
                    Hostname: 'gpu-node-1',
                    err_code: '79',
                  },
                },
              ],
            },
            {
              eval_time: '25m',
              alertname: 'GPUMemoryNearlyFull',
              exp_alerts: [
                {
                  exp_labels: {
                    ...common,
                    severity: 'warning',
                    pod,
                    gpu: '2',
                    UUID: 'GPU-2',
                    hostname: 'gpu-node-2',
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '1m',
          input_series: [
            // 1 % errors, fast responses, ready pods, headroom on the HPA and the GPU.
            { series: http('200'), values: '0+99x30' },
            { series: http('500'), values: '0+1x30' },
            { series: http('200', '0.1'), values: '0+100x30' },
            { series: http('200', '+Inf'), values: '0+100x30' },
            {
              series: `kube_pod_status_ready{namespace="${ns}",pod="${pod}",condition="false"}`,
              values: '0x30',
            },
            {
              series: `kube_horizontalpodautoscaler_status_current_replicas{namespace="${ns}",horizontalpodautoscaler="llm-serving"}`,
              values: '3x30',
            },
            {
              series: `kube_horizontalpodautoscaler_spec_max_replicas{namespace="${ns}",horizontalpodautoscaler="llm-serving"}`,
              values: '4x30',
            },
            {
              series: `kube_horizontalpodautoscaler_spec_min_replicas{namespace="${ns}",horizontalpodautoscaler="llm-serving"}`,
              values: '2x30',
            },
            {
              series: `DCGM_FI_DEV_XID_ERRORS{namespace="${ns}",pod="${pod}",gpu="0",UUID="GPU-0",Hostname="gpu-node-1"}`,
              values: '0x30',
            },
            {
              series: `DCGM_FI_DEV_FB_USED{namespace="gpu-operator",pod="dcgm-exporter-abcde",exported_namespace="${ns}",exported_pod="${pod}",gpu="2",UUID="GPU-2"}`,
              values: '40000x30',
            },
            {
              series: `DCGM_FI_DEV_FB_FREE{namespace="gpu-operator",pod="dcgm-exporter-abcde",exported_namespace="${ns}",exported_pod="${pod}",gpu="2",UUID="GPU-2"}`,
              values: '41559x30',
            },
          ],
          alert_rule_test: [
            'HighHTTPErrorRatio',
            'HighHTTPLatencyP95',
            'PodsNotReady',
            'HPAMaxedOut',
            'GPUXidErrors',
            'GPUMemoryNearlyFull',
          ].map(alertname => ({ eval_time: '25m', alertname, exp_alerts: [] })),
        },
      ],
    );
    expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });
});
