import fs from 'node:fs/promises';
import path from 'node:path';
import { helmTemplate, makeTempDir, removeTempDir } from './helm';
import {
  chartExpectationsOf,
  only,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';

// Checks what the Helm chart lets in and out, for every parameter set through the real
// scaffolder's dry run and every environment, under Helm 4 on a cluster that serves the guarded
// APIs: metrics on a port of their own that only Prometheus reaches and the Ingress never routes,
// and a NetworkPolicy whose egress allows DNS, the service's own database and cache, the AWS APIs
// when the pods use AWS, and nothing else.

const { chartOf, helm, render } = renderHelmChartsOfEverySet();

const METRICS_PORT = 9464;

/** A NetworkPolicy peer as `<namespace>` or `<cidr>`, to compare rules at a glance. */
function peer(p: any): string {
  if (p.ipBlock) return p.ipBlock.cidr;
  const ns = p.namespaceSelector.matchLabels['kubernetes.io/metadata.name'];
  const pods = Object.entries(p.podSelector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return pods ? `${ns}/${pods}` : ns;
}

function rules(list: any[], side: 'from' | 'to') {
  return list.map(rule => ({
    peers: rule[side].map(peer),
    ports: rule.ports.map((p: any) => `${p.port}/${p.protocol}`),
  }));
}

describe.each(PARAMETER_SETS)('the Helm chart of %s', set => {
  const expected = chartExpectationsOf(set);

  it('serves metrics on their own port, scraped by the ServiceMonitor and never routed by the Ingress', async () => {
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      const container = only(objects, 'Deployment').spec.template.spec
        .containers[0];
      expect(container.ports.map((p: any) => p.name)).toEqual([
        'http',
        'metrics',
      ]);
      expect(
        container.ports.find((p: any) => p.name === 'metrics').containerPort,
      ).toBe(METRICS_PORT);
      expect(container.env).toContainEqual({
        name: 'OTEL_EXPORTER_PROMETHEUS_PORT',
        value: String(METRICS_PORT),
      });
      expect(
        only(objects, 'Service').spec.ports.map(
          (p: any) => `${p.name}:${p.targetPort}`,
        ),
      ).toEqual(['http:http', 'metrics:metrics']);
      expect(
        only(objects, 'ServiceMonitor').spec.endpoints.map((e: any) => e.port),
      ).toEqual(['metrics']);
      const ingress = objects.find(o => o.kind === 'Ingress');
      const routed = (ingress?.spec.rules ?? []).flatMap((r: any) =>
        r.http.paths.map((p: any) => p.backend.service.port.name),
      );
      expect(routed).toEqual(expected.ingressHost ? ['http'] : []);
    }
  });

  it('lets in the ingress controller to http and Prometheus to metrics, nothing else', async () => {
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      const policy = only(objects, 'NetworkPolicy');
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.podSelector.matchLabels).toEqual(
        only(objects, 'Deployment').spec.selector.matchLabels,
      );
      expect(rules(policy.spec.ingress, 'from')).toEqual([
        ...(expected.ingressHost
          ? [{ peers: ['ingress-nginx'], ports: ['http/TCP'] }]
          : []),
        {
          peers: ['monitoring/app.kubernetes.io/name=prometheus'],
          ports: ['metrics/TCP'],
        },
      ]);
    }
  });

  it('lets out DNS, its own database and cache, and the AWS APIs when it uses AWS, nothing else', async () => {
    const chart = chartOf(set);
    for (const env of expected.envs) {
      const policy = only(await render(set, 4, env), 'NetworkPolicy');
      const usesAws = Boolean(
        expected.cloud || chart.envValues[env].serviceAccount?.roleArn,
      );
      expect(rules(policy.spec.egress, 'to')).toEqual([
        {
          peers: ['kube-system/k8s-app=kube-dns'],
          ports: ['53/UDP', '53/TCP'],
        },
        ...(expected.postgres
          ? [{ peers: ['10.0.0.0/8'], ports: ['5432/TCP'] }]
          : []),
        ...(expected.redis
          ? [{ peers: ['10.0.0.0/8'], ports: ['6379/TCP'] }]
          : []),
        ...(usesAws ? [{ peers: ['0.0.0.0/0'], ports: ['443/TCP'] }] : []),
      ]);
    }
  });
});

it('refuses a metrics port that is the traffic port, which the Ingress would route', async () => {
  const chart = chartOf('full');
  const dir = await makeTempDir('paved-metrics-port-');
  try {
    const override = path.join(dir, 'values.yaml');
    await fs.writeFile(override, 'metrics:\n  port: 8080\n');
    await expect(
      helmTemplate(helm(4), chart.dir, {
        releaseName: chart.name,
        namespace: `${chart.name}-prod`,
        valuesFiles: [chart.valuesFile('prod'), override],
      }),
    ).rejects.toThrow('metrics.port must differ from containerPort');
  } finally {
    await removeTempDir(dir);
  }
});
