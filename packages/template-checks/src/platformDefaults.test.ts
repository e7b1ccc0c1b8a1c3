import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import {
  helmLint,
  helmTemplate,
  installHelm,
  KubeObject,
  makeTempDir,
  removeTempDir,
  validateModels,
} from './helm';
import { parameterSets } from './parameterSets';
import { GUARDED_APIS, HELM_MAJORS, only } from './testing/renderedHelmCharts';
import {
  PLATFORM_ENVIRONMENTS,
  PLATFORM_TEMPLATES,
  TemplateDryRunner,
} from './TemplateDryRunner';

// The platform's add-ons come from `paved.templates` (ingress, gpu.runtimeClassName, prometheus):
// a platform on the Gateway API, whose GPU nodes need no RuntimeClass and that has no custom
// metrics adapter, gets HTTPRoutes, no runtimeClassName and a CPU-only HPA, rendered by real Helm 3
// and 4 and valid against the upstream schemas (the Gateway API's included); the default platform
// of the other checks gets an Ingress of its class, the nvidia RuntimeClass and its ServiceMonitor
// labels.

const GATEWAY_PLATFORM = {
  environments: PLATFORM_ENVIRONMENTS,
  ingress: {
    kind: 'HTTPRoute',
    gateway: { name: 'public', namespace: 'gateways' },
  },
  gpu: { runtimeClassName: '' },
};

const SET = parameterSets.gpuCount;
const ENV = 'prod';

let workDir: string | undefined;
/** argocd/appproject.yaml by platform. */
const projects = new Map<string, any>();

async function renderOn(
  templates: Record<string, any>,
  label: string,
): Promise<KubeObject[][]> {
  const runner = await TemplateDryRunner.create({ templates });
  try {
    const result = await runner.dryRun('service', SET);
    expect(result.error).toBeUndefined();
    projects.set(
      label,
      yaml.parse(result.files.get('argocd/appproject.yaml')!.toString()),
    );
    const dir = path.join(workDir!, label);
    for (const [name, content] of result.files) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), content);
    }
    const chart = path.join(dir, 'charts', SET.name);
    const values = path.join(chart, `values-${ENV}.yaml`);
    return await Promise.all(
      HELM_MAJORS.map(async major => {
        const tools = await installHelm(major);
        const lint = await helmLint(tools, chart, [values]);
        expect({ major, code: lint.code, out: lint.stdout }).toMatchObject({
          code: 0,
        });
        return helmTemplate(tools, chart, {
          releaseName: SET.name,
          namespace: `${SET.name}-${ENV}`,
          valuesFiles: [values],
          apiVersions: GUARDED_APIS,
        });
      }),
    );
  } finally {
    await runner.stop();
  }
}

describe('platform defaults from paved.templates', () => {
  let gateway: KubeObject[][];
  let defaults: KubeObject[][];
  beforeAll(async () => {
    workDir = await makeTempDir('paved-platform-');
    [gateway, defaults] = await Promise.all([
      renderOn(GATEWAY_PLATFORM, 'gateway'),
      renderOn(PLATFORM_TEMPLATES, 'defaults'),
    ]);
  }, 180_000);
  afterAll(() => removeTempDir(workDir));

  it('routes through an HTTPRoute on the configured Gateway, valid under both Helm majors', async () => {
    for (const objects of gateway) {
      expect(objects.filter(o => o.kind === 'Ingress')).toEqual([]);
      const route = only(objects, 'HTTPRoute');
      const service = only(objects, 'Service');
      expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(route.spec).toEqual({
        parentRefs: [
          {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: 'public',
            namespace: 'gateways',
          },
        ],
        hostnames: [SET.ingressHost],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [
              {
                name: service.metadata.name,
                port: service.spec.ports.find((p: any) => p.name === 'http')
                  .port,
              },
            ],
          },
        ],
      });
      // The Gateway's namespace may reach the http port.
      const policy = objects.find(
        o =>
          o.kind === 'NetworkPolicy' &&
          JSON.stringify(o.spec.ingress ?? []).includes('gateways'),
      );
      expect(policy).toBeDefined();
      expect(
        (await validateModels(objects)).filter(r => r.error !== undefined),
      ).toEqual([]);
    }
    expect(gateway[0]).toEqual(gateway[1]);
  });

  it("lets Argo CD create the platform's kind of route and not the other", () => {
    const routeKinds = (label: string) =>
      projects
        .get(label)
        .spec.namespaceResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`)
        .filter((k: string) => /Ingress$|HTTPRoute$/.test(k));
    expect(routeKinds('gateway')).toEqual([
      'gateway.networking.k8s.io/HTTPRoute',
    ]);
    expect(routeKinds('defaults')).toEqual(['networking.k8s.io/Ingress']);
  });

  it('leaves runtimeClassName out and scales on CPU only', () => {
    for (const objects of gateway) {
      const pod = only(objects, 'Deployment').spec.template.spec;
      expect(pod.runtimeClassName).toBeUndefined();
      expect(
        only(objects, 'HorizontalPodAutoscaler').spec.metrics.map(
          (m: any) => m.resource?.name ?? m.type,
        ),
      ).toEqual(['cpu']);
      expect(
        only(objects, 'ServiceMonitor').metadata.labels?.release,
      ).toBeUndefined();
    }
  });

  it('keeps an Ingress of the default class, the nvidia RuntimeClass and the ServiceMonitor labels by default', () => {
    for (const objects of defaults) {
      expect(objects.filter(o => o.kind === 'HTTPRoute')).toEqual([]);
      expect(only(objects, 'Ingress').spec.ingressClassName).toBe('nginx');
      expect(
        only(objects, 'Deployment').spec.template.spec.runtimeClassName,
      ).toBe('nvidia');
      expect(only(objects, 'ServiceMonitor').metadata.labels).toMatchObject(
        PLATFORM_TEMPLATES.prometheus.serviceMonitorLabels,
      );
    }
  });

  it('refuses a custom HPA metric without a custom metrics adapter, naming the field', async () => {
    const runner = await TemplateDryRunner.create({
      templates: GATEWAY_PLATFORM,
    });
    try {
      const result = await runner.dryRun('service', parameterSets.gpuMig);
      expect(result.status).not.toBe(200);
      expect(JSON.stringify(result.error)).toContain(
        'customMetricName: needs a custom metrics adapter',
      );
    } finally {
      await runner.stop();
    }
  });
});
