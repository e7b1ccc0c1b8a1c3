import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { ServicePlanner } from './ServicePlanner';

const service = {
  name: 'orders-api',
  description: 'Orders',
  owner: 'group:default/product-team',
  image: 'ghcr.io/acme/orders-api',
  port: 8080,
  environments: ['dev', 'prod'],
  ingressHost: 'orders.example.com',
  gpuMode: 'count',
  gpuProduct: 'NVIDIA-L4',
  publishTarget: 'local',
};

function plannerWith(templates: JsonObject) {
  return ServicePlanner.fromConfig(new ConfigReader({ paved: { templates } }), {
    localRepositoryUrl: name => `file:///srv/git/${name}.git`,
  });
}

function plan(templates: JsonObject, parameters: JsonObject = service) {
  const planner = plannerWith(templates);
  return planner.plan(planner.parse(parameters)).values;
}

describe('the platform defaults of paved.templates', () => {
  it('default to an nginx Ingress, the nvidia RuntimeClass, no ServiceMonitor labels and a CPU-only HPA', () => {
    const values = plan({});
    expect({
      ingress: values.ingress,
      runtimeClassName: values.gpu.runtimeClassName,
      prometheus: values.prometheus,
      targetMemory: values.autoscaling.targetMemory,
    }).toEqual({
      ingress: {
        enabled: true,
        host: 'orders.example.com',
        kind: 'Ingress',
        className: 'nginx',
        gateway: { name: '', namespace: '' },
      },
      runtimeClassName: 'nvidia',
      prometheus: { serviceMonitorLabels: {} },
      targetMemory: null,
    });
  });

  it('go into the plan as configured', () => {
    const values = plan({
      ingress: {
        kind: 'HTTPRoute',
        gateway: { name: 'public', namespace: 'gateways' },
      },
      gpu: { runtimeClassName: '' },
      prometheus: {
        serviceMonitorLabels: { release: 'kube-prometheus-stack' },
      },
    });
    expect({
      ingress: values.ingress,
      runtimeClassName: values.gpu.runtimeClassName,
      prometheus: values.prometheus,
    }).toEqual({
      ingress: {
        enabled: true,
        host: 'orders.example.com',
        kind: 'HTTPRoute',
        className: '',
        gateway: { name: 'public', namespace: 'gateways' },
      },
      runtimeClassName: '',
      prometheus: {
        serviceMonitorLabels: { release: 'kube-prometheus-stack' },
      },
    });
    expect(plan({ ingress: { className: 'alb' } }).ingress).toMatchObject({
      kind: 'Ingress',
      className: 'alb',
    });
    expect(plan({ gpu: { runtimeClassName: 'nvidia-cdi' } }).gpu).toMatchObject(
      { runtimeClassName: 'nvidia-cdi' },
    );
  });

  it('refuse to start when the ingress settings are invalid, naming the key', () => {
    expect(() => plannerWith({ ingress: { kind: 'Route' } })).toThrow(
      'Invalid paved.templates.ingress.kind: "Route"; use Ingress or HTTPRoute',
    );
    expect(() => plannerWith({ ingress: { kind: 'HTTPRoute' } })).toThrow(
      "Missing required config value at 'paved.templates.ingress.gateway.name'",
    );
    expect(() =>
      plannerWith({
        ingress: {
          kind: 'HTTPRoute',
          gateway: { name: 'public', namespace: 'Gateways' },
        },
      }),
    ).toThrow(
      'Invalid paved.templates.ingress.gateway.namespace: "Gateways" is not a Kubernetes object name',
    );
  });

  describe('a custom HPA metric', () => {
    const withCustomMetric = {
      ...service,
      customMetricName: 'http_requests_per_second',
      customMetricTarget: '50',
    };

    it('is refused without a custom metrics adapter, naming the field and the setting', () => {
      const planner = plannerWith({});
      const parameters = planner.parse(withCustomMetric);
      expect(() => planner.plan(parameters)).toThrow(InputError);
      expect(() => planner.plan(parameters)).toThrow(
        /^customMetricName: needs a custom metrics adapter.*paved\.templates\.prometheus\.customMetricsAdapter/,
      );
    });

    it('is planned with the adapter', () => {
      const values = plan(
        { prometheus: { customMetricsAdapter: true } },
        withCustomMetric,
      );
      expect(values.autoscaling.customMetric).toEqual({
        enabled: true,
        name: 'http_requests_per_second',
        target: '50',
      });
    });
  });
});
