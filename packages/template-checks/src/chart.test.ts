import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import {
  HelmMajor,
  HelmTools,
  KubeObject,
  helmLint,
  helmTemplate,
  installHelm,
  locatePromtool,
  makeTempDir,
  promtoolCheckRules,
  promtoolTestRules,
  removeTempDir,
  validateModels,
} from './helm';
import { ParameterSetName, parameterSets } from './parameterSets';
import { TemplateDryRunner } from './TemplateDryRunner';

// Renders the service template's Helm chart for every parameter set through the real scaffolder,
// then checks it with the real Helm 3 and Helm 4, the upstream Kubernetes schemas and promtool.

const MAJORS: HelmMajor[] = [3, 4];
const SETS = Object.keys(parameterSets) as ParameterSetName[];
/** APIs the chart only uses when the cluster serves them. */
const GUARDED_APIS = ['monitoring.coreos.com/v1', 'external-secrets.io/v1'];
const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** The parameters the checks read; every parameter set fits. */
interface Parameters {
  name: string;
  environments: readonly string[];
  autoscalingEnabled?: boolean;
  customMetricName?: string;
  ingressHost?: string;
  gpuMode?: string;
  gpuCount?: number;
  migProfile?: string;
  gpuProduct?: string;
  gpuTolerations?: boolean;
  postgres?: boolean;
  redis?: boolean;
}

/** What a parameter set asks of the chart, with the template's defaults filled in. */
function expectationsOf(set: ParameterSetName) {
  const p: Parameters = parameterSets[set];
  const gpuMode = p.gpuMode ?? 'none';
  return {
    name: p.name,
    envs: [...p.environments],
    autoscaling: p.autoscalingEnabled ?? true,
    customMetric: p.customMetricName ?? '',
    ingressHost: p.ingressHost ?? '',
    gpu:
      gpuMode === 'none'
        ? undefined
        : {
            resourceName:
              gpuMode === 'mig'
                ? `nvidia.com/mig-${p.migProfile}`
                : 'nvidia.com/gpu',
            count: gpuMode === 'count' ? p.gpuCount ?? 1 : 1,
            product: p.gpuProduct ?? '',
            tolerations: p.gpuTolerations ?? true,
          },
    cloudSecrets: Boolean(p.postgres || p.redis),
  };
}

interface RenderedChart {
  dir: string;
  name: string;
  envs: string[];
  valuesFile(env: string): string;
  /** values-<env>.yaml as parsed YAML. */
  envValues: Record<string, any>;
}

let workDir: string;
let promtool: string;
const tools = new Map<HelmMajor, HelmTools>();
const charts = new Map<ParameterSetName, RenderedChart>();
const renders = new Map<string, Promise<KubeObject[]>>();

function chartOf(set: ParameterSetName): RenderedChart {
  const chart = charts.get(set);
  if (!chart) {
    throw new Error(`the chart of ${set} was not rendered`);
  }
  return chart;
}

/** `helm template` of one environment, memoised so every check reads the same output. */
function render(
  set: ParameterSetName,
  major: HelmMajor,
  env: string,
  withGuardedApis = true,
): Promise<KubeObject[]> {
  const key = `${set}/${major}/${env}/${withGuardedApis}`;
  let objects = renders.get(key);
  if (!objects) {
    const chart = chartOf(set);
    objects = helmTemplate(tools.get(major)!, chart.dir, {
      releaseName: chart.name,
      namespace: `${chart.name}-${env}`,
      valuesFiles: [chart.valuesFile(env)],
      apiVersions: withGuardedApis ? GUARDED_APIS : [],
    });
    renders.set(key, objects);
  }
  return objects;
}

function only(objects: KubeObject[], kind: string): KubeObject {
  const found = objects.filter(o => o.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}, found ${found.length}`);
  }
  return found[0];
}

function kinds(objects: KubeObject[]): string[] {
  return objects.map(o => o.kind).sort();
}

beforeAll(async () => {
  promtool = locatePromtool();
  const installed = await Promise.all(MAJORS.map(major => installHelm(major)));
  installed.forEach(t => tools.set(t.major, t));

  workDir = await makeTempDir('paved-chart-');
  const runner = await TemplateDryRunner.create();
  try {
    await Promise.all(
      SETS.map(async set => {
        const { name, envs } = expectationsOf(set);
        const result = await runner.dryRun('service', parameterSets[set]);
        if (result.status !== 200) {
          throw new Error(
            `dry run of ${set} failed: ${JSON.stringify(result.error)}`,
          );
        }
        const prefix = `charts/${name}/`;
        const dir = path.join(workDir, set, name);
        for (const [file, content] of result.files) {
          if (file.startsWith(prefix)) {
            const dest = path.join(dir, file.slice(prefix.length));
            await fs.mkdir(path.dirname(dest), { recursive: true });
            await fs.writeFile(dest, content);
          }
        }
        const valuesFile = (env: string) =>
          path.join(dir, `values-${env}.yaml`);
        const envValues: Record<string, any> = {};
        for (const env of envs) {
          envValues[env] = yaml.parse(
            await fs.readFile(valuesFile(env), 'utf8'),
          );
        }
        charts.set(set, { dir, name, envs, valuesFile, envValues });
      }),
    );
  } finally {
    await runner.stop();
  }
}, 120_000);

afterAll(() => removeTempDir(workDir));

describe.each(SETS)('the Helm chart of %s', set => {
  const expected = expectationsOf(set);

  it('has the chart files and one values file per environment', async () => {
    const { dir } = chartOf(set);
    const files = await fs.readdir(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'Chart.yaml',
        'values.yaml',
        'values.schema.json',
        '.helmignore',
        'templates',
        ...expected.envs.map(env => `values-${env}.yaml`),
      ]),
    );
    const chartYaml = yaml.parse(
      await fs.readFile(path.join(dir, 'Chart.yaml'), 'utf8'),
    );
    expect(chartYaml).toMatchObject({
      apiVersion: 'v2',
      name: expected.name,
      appVersion: expect.any(String),
      kubeVersion: expect.any(String),
      annotations: { [KUBERNETES_ID]: expected.name },
    });
  });

  it.each(MAJORS)(
    "passes helm %i lint --strict with every environment's values",
    async major => {
      const chart = chartOf(set);
      const results = await Promise.all(
        chart.envs.map(env =>
          helmLint(tools.get(major)!, chart.dir, [chart.valuesFile(env)]),
        ),
      );
      const failures = results
        .map((r, i) => ({ env: chart.envs[i], ...r }))
        .filter(r => r.code !== 0)
        .map(r => `${r.env}:\n${r.stdout}${r.stderr}`);
      expect(failures).toEqual([]);
    },
  );

  it.each(MAJORS)(
    'renders every environment with helm %i template, with and without the guarded APIs',
    async major => {
      const rendered = await Promise.all(
        expected.envs.flatMap(env => [
          render(set, major, env, false),
          render(set, major, env, true),
        ]),
      );
      for (const objects of rendered) {
        expect(kinds(objects)).toEqual(
          expect.arrayContaining(['Deployment', 'Service', 'ServiceAccount']),
        );
      }
    },
  );

  it('renders the same objects with Helm 3 and Helm 4', async () => {
    for (const env of expected.envs) {
      expect(await render(set, 4, env)).toEqual(await render(set, 3, env));
    }
  });

  it('renders only objects that validate against their Kubernetes schemas', async () => {
    const unique = new Map<string, KubeObject>();
    for (const major of MAJORS) {
      for (const env of expected.envs) {
        for (const guarded of [false, true]) {
          for (const object of await render(set, major, env, guarded)) {
            unique.set(JSON.stringify(object), object);
          }
        }
      }
    }
    const results = await validateModels([...unique.values()]);
    expect(results.filter(r => r.error)).toEqual([]);
    expect(results.map(r => r.kind)).toContain('Deployment');
  });

  it(`labels every object and pod with ${KUBERNETES_ID}: <name>`, async () => {
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      for (const object of objects) {
        expect({
          object: `${object.kind}/${object.metadata.name}`,
          id: object.metadata.labels?.[KUBERNETES_ID],
        }).toEqual({
          object: `${object.kind}/${object.metadata.name}`,
          id: expected.name,
        });
      }
      const deployment = only(objects, 'Deployment');
      expect(deployment.spec.template.metadata.labels[KUBERNETES_ID]).toBe(
        expected.name,
      );
    }
  });

  it('renders the guarded objects exactly when the cluster serves their APIs', async () => {
    for (const env of expected.envs) {
      const without = kinds(await render(set, 4, env, false));
      expect(without).not.toContain('ServiceMonitor');
      expect(without).not.toContain('PrometheusRule');
      expect(without).not.toContain('ExternalSecret');

      const objects = await render(set, 4, env, true);
      const withApis = kinds(objects);
      expect(withApis).toContain('ServiceMonitor');
      expect(withApis).toContain('PrometheusRule');
      expect(withApis.includes('ExternalSecret')).toBe(expected.cloudSecrets);

      // The pods read the generated Secret only when it exists.
      const container = only(objects, 'Deployment').spec.template.spec
        .containers[0];
      const secretRefs = (container.envFrom ?? []).filter(
        (e: any) => e.secretRef,
      );
      expect(secretRefs.length).toBe(expected.cloudSecrets ? 1 : 0);
      expect(
        (
          only(await render(set, 4, env, false), 'Deployment').spec.template
            .spec.containers[0].envFrom ?? []
        ).length,
      ).toBe(0);
    }
  });

  it('sets Deployment replicas only when autoscaling is off', async () => {
    const chart = chartOf(set);
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      const deployment = only(objects, 'Deployment');
      const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler');
      const envValues = chart.envValues[env];
      const actual = {
        replicas: deployment.spec.replicas,
        hpa: hpa && {
          apiVersion: hpa.apiVersion,
          scaleTargetRef: hpa.spec.scaleTargetRef,
          minReplicas: hpa.spec.minReplicas,
          maxReplicas: hpa.spec.maxReplicas,
          metrics: hpa.spec.metrics.map(
            (m: any) => m.resource?.name ?? `${m.type}:${m.pods?.metric.name}`,
          ),
          stabilizationWindows: [
            typeof hpa.spec.behavior?.scaleUp?.stabilizationWindowSeconds,
            typeof hpa.spec.behavior?.scaleDown?.stabilizationWindowSeconds,
          ],
        },
      };
      const wanted = expected.autoscaling
        ? {
            replicas: undefined,
            hpa: {
              apiVersion: 'autoscaling/v2',
              scaleTargetRef: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: deployment.metadata.name,
              },
              minReplicas: envValues.autoscaling.minReplicas,
              maxReplicas: envValues.autoscaling.maxReplicas,
              metrics: [
                'cpu',
                'memory',
                ...(expected.customMetric
                  ? [`Pods:${expected.customMetric}`]
                  : []),
              ],
              stabilizationWindows: ['number', 'number'],
            },
          }
        : { replicas: envValues.replicaCount, hpa: undefined };
      expect(actual).toEqual(wanted);
      expect('replicas' in deployment.spec).toBe(!expected.autoscaling);
    }
  });

  it('schedules GPUs exactly when the service asks for them', async () => {
    const gpu = expected.gpu;
    for (const env of expected.envs) {
      const pod = only(await render(set, 4, env), 'Deployment').spec.template
        .spec;
      const limits: Record<string, unknown> =
        pod.containers[0].resources?.limits ?? {};
      const actual = {
        gpuLimits: Object.fromEntries(
          Object.entries(limits)
            .filter(([k]) => k.startsWith('nvidia.com/'))
            .map(([k, v]) => [k, Number(v)]),
        ),
        runtimeClassName: pod.runtimeClassName,
        product: pod.nodeSelector?.['nvidia.com/gpu.product'],
        tolerations: (pod.tolerations ?? []).filter(
          (t: any) => t.key === 'nvidia.com/gpu',
        ),
        shmMedium: (pod.volumes ?? []).find((v: any) => v.name === 'dshm')
          ?.emptyDir?.medium,
      };
      expect(actual).toEqual({
        gpuLimits: gpu ? { [gpu.resourceName]: gpu.count } : {},
        runtimeClassName: gpu ? 'nvidia' : undefined,
        product: gpu?.product || undefined,
        tolerations: gpu?.tolerations
          ? [
              {
                key: 'nvidia.com/gpu',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
            ]
          : [],
        shmMedium: gpu ? 'Memory' : undefined,
      });
      // /dev/shm is memory-backed, so it must be bounded.
      expect(
        (pod.volumes ?? []).every(
          (v: any) => v.emptyDir?.medium !== 'Memory' || v.emptyDir.sizeLimit,
        ),
      ).toBe(true);
    }
  });

  it('runs the pods under the restricted Pod Security Standard', async () => {
    for (const env of expected.envs) {
      const pod = only(await render(set, 4, env), 'Deployment').spec.template
        .spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.volumeMounts).toEqual(
          expect.arrayContaining([{ name: 'tmp', mountPath: '/tmp' }]),
        );
        expect(container.readinessProbe?.httpGet).toBeDefined();
        expect(container.livenessProbe?.httpGet).toBeDefined();
        expect(container.lifecycle?.preStop?.sleep?.seconds).toBeGreaterThan(0);
        expect(container.resources?.requests).toMatchObject({
          cpu: expect.anything(),
          memory: expect.anything(),
        });
      }
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(
        pod.containers[0].lifecycle.preStop.sleep.seconds,
      );
      expect(pod.affinity?.podAntiAffinity).toBeDefined();
      expect(pod.topologySpreadConstraints?.length).toBeGreaterThan(0);
    }
  });

  it("applies each environment's ingress host and disruption budget", async () => {
    const chart = chartOf(set);
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      const ingress = objects.find(o => o.kind === 'Ingress');
      const actual = {
        pdb: kinds(objects).includes('PodDisruptionBudget'),
        ingress: ingress && {
          hosts: ingress.spec.rules.map((r: any) => r.host),
          tls: ingress.spec.tls,
          className: typeof ingress.spec.ingressClassName,
          clusterIssuer:
            typeof ingress.metadata.annotations?.[
              'cert-manager.io/cluster-issuer'
            ],
        },
      };
      const host =
        env === 'prod'
          ? expected.ingressHost
          : `${env}.${expected.ingressHost}`;
      expect(actual).toEqual({
        pdb: chart.envValues[env].pdb.enabled,
        ingress: expected.ingressHost
          ? {
              hosts: [host],
              tls: [{ hosts: [host], secretName: `${expected.name}-tls` }],
              className: 'string',
              clusterIssuer: 'string',
            }
          : undefined,
      });
    }
  });

  it('denies ingress to the pods except from the ingress controller and Prometheus', async () => {
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      const policy = only(objects, 'NetworkPolicy');
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      expect(policy.spec.podSelector.matchLabels).toEqual(
        only(objects, 'Deployment').spec.selector.matchLabels,
      );
      const sources = policy.spec.ingress.map(
        (rule: any) =>
          rule.from[0].namespaceSelector.matchLabels[
            'kubernetes.io/metadata.name'
          ],
      );
      expect(sources).toEqual(
        expected.ingressHost ? ['ingress-nginx', 'monitoring'] : ['monitoring'],
      );
    }
  });

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

describe('the chart schema', () => {
  it.each(MAJORS)(
    'makes helm %i lint fail on a wrong type or an unknown top-level key',
    async major => {
      const chart = chartOf('full');
      const cases = {
        'wrong-type': 'autoscaling:\n  minReplicas: "two"\n',
        'unknown-key': 'replicas: 3\n',
        'bad-gpu-count': 'gpu:\n  count: 0\n',
      };
      for (const [name, content] of Object.entries(cases)) {
        const file = path.join(workDir, `bad-${major}-${name}.yaml`);
        await fs.writeFile(file, content);
        const result = await helmLint(tools.get(major)!, chart.dir, [
          chart.valuesFile('prod'),
          file,
        ]);
        expect({ name, code: result.code }).toEqual({ name, code: 1 });
        expect(`${result.stdout}${result.stderr}`).toMatch(
          /minReplicas|replicas|gpu/,
        );
      }
    },
  );
});

describe('features a service did not choose', () => {
  it.each(MAJORS)(
    'can be switched on from values under helm %i',
    async major => {
      const chart = chartOf('minimal');
      const overrides = path.join(workDir, `minimal-features-${major}.yaml`);
      await fs.writeFile(
        overrides,
        yaml.stringify({
          autoscaling: { enabled: false },
          ingress: { enabled: true, host: 'hello.example.com' },
          gpu: { enabled: true, resourceName: 'nvidia.com/mig-1g.10gb' },
          externalSecrets: { enabled: true, redis: { enabled: true } },
        }),
      );
      const valuesFiles = [chart.valuesFile('dev'), overrides];
      const lint = await helmLint(tools.get(major)!, chart.dir, valuesFiles);
      expect(`${lint.stdout}${lint.stderr}`).not.toMatch(/\[ERROR\]/);
      const objects = await helmTemplate(tools.get(major)!, chart.dir, {
        releaseName: chart.name,
        namespace: `${chart.name}-dev`,
        valuesFiles,
        apiVersions: GUARDED_APIS,
      });
      expect(kinds(objects)).toEqual(
        expect.arrayContaining(['Ingress', 'ExternalSecret']),
      );
      expect(kinds(objects)).not.toContain('HorizontalPodAutoscaler');
      const deployment = only(objects, 'Deployment');
      expect(deployment.spec.replicas).toBe(1);
      expect(
        deployment.spec.template.spec.containers[0].resources.limits,
      ).toMatchObject({ 'nvidia.com/mig-1g.10gb': 1 });
      const alerts = only(objects, 'PrometheusRule').spec.groups.flatMap(
        (g: any) => g.rules.map((r: any) => r.alert),
      );
      expect(alerts).toEqual(
        expect.arrayContaining(['GPUXidErrors', 'GPUMemoryNearlyFull']),
      );
      expect(alerts).not.toContain('HPAMaxedOut');
      const results = await validateModels(objects);
      expect(results.filter(r => r.error)).toEqual([]);
    },
  );
});

describe('the ExternalSecret', () => {
  it.each(MAJORS)(
    'falls back to external-secrets.io/v1beta1 under helm %i when v1 is not served',
    async major => {
      const chart = chartOf('full');
      const objects = await helmTemplate(tools.get(major)!, chart.dir, {
        releaseName: chart.name,
        namespace: `${chart.name}-prod`,
        valuesFiles: [chart.valuesFile('prod')],
        apiVersions: ['external-secrets.io/v1beta1'],
      });
      const secret = only(objects, 'ExternalSecret');
      expect(secret.apiVersion).toBe('external-secrets.io/v1beta1');
      expect(secret.spec.data.map((d: any) => d.remoteRef.key)).toEqual(
        expect.arrayContaining([
          'orders-api/prod/postgres',
          'orders-api/prod/redis',
        ]),
      );
      const results = await validateModels([secret]);
      expect(results.filter(r => r.error)).toEqual([]);
    },
  );
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
