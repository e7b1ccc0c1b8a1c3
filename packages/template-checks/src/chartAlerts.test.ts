import { locatePromtool, promtoolCheckRules, promtoolTestRules } from './helm';
import {
  chartExpectationsOf,
  only,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';
import { BACKSTAGE_URL } from './TemplateDryRunner';

// Checks the alerts in the PrometheusRule the Helm chart renders, for every parameter set through
// the real scaffolder's dry run and every environment, under Helm 4: promtool check rules, the
// label conventions, and what fires on synthetic series (promtool test rules).

const { render, service } = renderHelmChartsOfEverySet();

/** Only prod pages: the highest severity an alert may carry in each environment. */
const ALLOWED_SEVERITIES: Record<string, string[]> = {
  dev: ['info'],
  staging: ['info', 'warning'],
  prod: ['info', 'warning', 'critical'],
};

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
          'PodRestartLoop',
          'ContainerOOMKilled',
          'TargetDown',
          'MetricsAbsent',
          ...(expected.autoscaling ? ['HPAMaxedOut'] : []),
          ...(expected.gpu ? ['GPUXidErrors', 'GPUMemoryNearlyFull'] : []),
        ].sort(),
      );
      // The runbook page of the service's TechDocs, whichever the publish target (see also
      // publishTargets.test.ts), with a section for every alert.
      const runbook = `${BACKSTAGE_URL}/docs/default/component/${expected.name}/runbook/`;
      const sections = service
        .file(set, 'docs/runbook.md')
        .split('\n')
        .filter(line => line.startsWith('## '))
        .map(line => line.slice(3).trim());
      for (const alert of alerts) {
        expect(alert.labels).toMatchObject({
          severity: expect.stringMatching(/^(critical|warning|info)$/),
          service: expected.name,
          team: expect.any(String),
          environment: env,
        });
        expect(ALLOWED_SEVERITIES[env]).toContain(alert.labels.severity);
        expect(alert.annotations).toEqual({
          summary: expect.any(String),
          description: expect.any(String),
          runbook_url: expect.stringMatching(/#[a-z0-9-]+$/),
        });
        const [page, anchor] = alert.annotations.runbook_url.split('#');
        expect({ alert: alert.alert, page }).toEqual({
          alert: alert.alert,
          page: runbook,
        });
        expect(sections).toContain(anchor);
      }
      // Production has alerts that page; no other environment has.
      expect(alerts.some((a: any) => a.labels.severity === 'critical')).toBe(
        env === 'prod',
      );
      const http = alerts.find((a: any) => a.alert === 'HighHTTPErrorRatio');
      expect(http.expr).toContain('http_server_request_duration_seconds_count');
      expect(http.expr).toContain('http_response_status_code=~"5.."');
      expect(http.expr).toContain(`namespace="${expected.name}-${env}"`);
      expect(http.expr).toContain(`service="${expected.name}"`);
    }
  });
});

/** The rendered rules of a set in an environment, without annotations: these tests are about what fires. */
async function rulesWithoutAnnotations(set: 'gpuCount' | 'full', env: string) {
  const rule = only(await render(set, 4, env), 'PrometheusRule');
  return {
    groups: rule.spec.groups.map((g: any) => ({
      ...g,
      rules: g.rules.map(({ annotations: _, ...r }: any) => r),
    })),
  };
}

describe('the alert expressions', () => {
  // Evaluates the rendered rules of llm-serving in prod (GPUs, autoscaling) against synthetic
  // series with promtool.
  const ns = 'llm-serving-prod';
  const pod = 'llm-serving-7d9f8b6c5d-x2k4q';
  const otherPod = 'llm-serving-worker-6b5c4d-p9z8w';
  const common = {
    namespace: ns,
    service: 'llm-serving',
    team: 'product-team',
    receiver: 'product-team',
    environment: 'prod',
  };
  const http = (code: string, le?: string) =>
    `http_server_request_duration_seconds_${
      le ? 'bucket' : 'count'
    }{namespace="${ns}",service="llm-serving",http_response_status_code="${code}"${
      le ? `,le="${le}"` : ''
    }}`;

  it('fire on the service’s own series in both DCGM label layouts, and only then', async () => {
    const result = await promtoolTestRules(
      promtool,
      await rulesWithoutAnnotations('gpuCount', 'prod'),
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

describe('the pod, scrape and paging alerts', () => {
  // orders-api (the golden set) in prod and dev: restart loops, OOM kills, scrape targets that are
  // down or missing, the minimum-traffic guard on the error ratio, and dev's capped severity.
  const ns = (env: string) => `orders-api-${env}`;
  const podA = 'orders-api-7d9f8b6c5d-x2k4q';
  const podB = 'orders-api-7d9f8b6c5d-b7n2m';
  const labels = (env: string, severity: string) => ({
    namespace: ns(env),
    service: 'orders-api',
    team: 'product-team',
    receiver: 'orders-oncall',
    environment: env,
    severity,
  });
  const http = (env: string, code: string) =>
    `http_server_request_duration_seconds_count{namespace="${ns(
      env,
    )}",service="orders-api",http_response_status_code="${code}"}`;
  const restarts = (env: string, pod: string) =>
    `kube_pod_container_status_restarts_total{namespace="${ns(
      env,
    )}",pod="${pod}",container="orders-api"}`;
  const lastTerminated = (env: string, pod: string, reason: string) =>
    `kube_pod_container_status_last_terminated_reason{namespace="${ns(
      env,
    )}",pod="${pod}",container="orders-api",reason="${reason}"}`;
  const up = (env: string, pod: string) =>
    `up{namespace="${ns(
      env,
    )}",service="orders-api",pod="${pod}",job="orders-api"}`;

  async function promtoolTest(env: string, tests: object[]) {
    const result = await promtoolTestRules(
      promtool,
      await rulesWithoutAnnotations('full', env),
      tests,
    );
    return { output: `${result.stdout}${result.stderr}`, code: result.code };
  }

  it('page in prod on crash loops, OOM kills, targets that are down or missing', async () => {
    const env = 'prod';
    const result = await promtoolTest(env, [
      {
        interval: '1m',
        input_series: [
          // Pod A restarted once, killed for memory; pod B restarts every minute.
          { series: restarts(env, podA), values: '0x10 1x20' },
          {
            series: lastTerminated(env, podA, 'OOMKilled'),
            values: '0x10 1x20',
          },
          { series: restarts(env, podB), values: '0+1x30' },
          { series: lastTerminated(env, podB, 'Error'), values: '1x30' },
          // Pod B's metrics endpoint does not answer.
          { series: up(env, podA), values: '1x30' },
          { series: up(env, podB), values: '0x30' },
        ],
        alert_rule_test: [
          {
            eval_time: '25m',
            alertname: 'PodRestartLoop',
            exp_alerts: [
              {
                exp_labels: {
                  ...labels(env, 'warning'),
                  pod: podB,
                  container: 'orders-api',
                },
              },
            ],
          },
          {
            eval_time: '25m',
            alertname: 'ContainerOOMKilled',
            exp_alerts: [
              {
                exp_labels: {
                  ...labels(env, 'warning'),
                  pod: podA,
                  container: 'orders-api',
                },
              },
            ],
          },
          {
            eval_time: '25m',
            alertname: 'TargetDown',
            exp_alerts: [{ exp_labels: labels(env, 'warning') }],
          },
          { eval_time: '25m', alertname: 'MetricsAbsent', exp_alerts: [] },
        ],
      },
      {
        // Prometheus scrapes nothing of the service: only MetricsAbsent can tell.
        interval: '1m',
        input_series: [
          {
            series: `up{namespace="${ns(
              env,
            )}",service="payments",job="payments"}`,
            values: '1x30',
          },
        ],
        alert_rule_test: [
          {
            eval_time: '25m',
            alertname: 'MetricsAbsent',
            exp_alerts: [{ exp_labels: labels(env, 'critical') }],
          },
          { eval_time: '25m', alertname: 'TargetDown', exp_alerts: [] },
        ],
      },
      {
        // Half the requests fail, but there are only two a minute: below the traffic guard.
        interval: '1m',
        input_series: [
          { series: http(env, '200'), values: '0+1x30' },
          { series: http(env, '500'), values: '0+1x30' },
        ],
        alert_rule_test: [
          { eval_time: '25m', alertname: 'HighHTTPErrorRatio', exp_alerts: [] },
        ],
      },
      {
        // The same ratio at 20 requests a minute pages.
        interval: '1m',
        input_series: [
          { series: http(env, '200'), values: '0+10x30' },
          { series: http(env, '500'), values: '0+10x30' },
        ],
        alert_rule_test: [
          {
            eval_time: '25m',
            alertname: 'HighHTTPErrorRatio',
            exp_alerts: [{ exp_labels: labels(env, 'critical') }],
          },
        ],
      },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  it('never page in dev: the same failures arrive as info', async () => {
    const env = 'dev';
    const result = await promtoolTest(env, [
      {
        interval: '1m',
        input_series: [
          { series: http(env, '200'), values: '0+10x30' },
          { series: http(env, '500'), values: '0+10x30' },
        ],
        alert_rule_test: [
          {
            eval_time: '25m',
            alertname: 'HighHTTPErrorRatio',
            exp_alerts: [{ exp_labels: labels(env, 'info') }],
          },
          {
            eval_time: '25m',
            alertname: 'MetricsAbsent',
            exp_alerts: [{ exp_labels: labels(env, 'info') }],
          },
        ],
      },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });
});
