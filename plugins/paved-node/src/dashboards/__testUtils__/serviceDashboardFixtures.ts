import {
  parseServiceParameters,
  planService,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { renderServiceDashboard } from '../serviceDashboard';

const base = {
  description: 'Test service',
  owner: 'group:default/product-team',
  image: 'ghcr.io/acme/svc',
  port: 8080,
  publishTarget: 'local',
};

/** Service template parameters covering every combination of autoscaling and GPU mode. */
export const parameterSets: Record<string, Record<string, unknown>> = {
  plain: {
    ...base,
    name: 'billing-worker',
    environments: ['dev', 'prod'],
    autoscalingEnabled: false,
  },
  autoscaled: {
    ...base,
    name: 'orders-api',
    environments: ['dev', 'staging', 'prod'],
    customMetricName: 'http_requests_per_second',
  },
  gpuCount: {
    ...base,
    name: 'llm-serving',
    environments: ['staging', 'prod'],
    gpuMode: 'count',
    gpuCount: 2,
    gpuProduct: 'NVIDIA-H100-80GB-HBM3',
  },
  gpuMig: {
    ...base,
    name: 'vision-inference',
    description: 'Image classification on MIG slices — ünïcödé is fine',
    owner: 'user:default/grace',
    environments: ['dev', 'staging', 'prod'],
    customMetricName: 'inference_queue_depth',
    customMetricTarget: '500m',
    gpuMode: 'mig',
    migProfile: '1g.10gb',
    gpuProduct: 'NVIDIA-H100-80GB-HBM3',
  },
  gpuNoAutoscaling: {
    ...base,
    name: 'batch-embedder',
    environments: ['prod'],
    autoscalingEnabled: false,
    gpuMode: 'count',
    gpuCount: 1,
    gpuProduct: 'NVIDIA-L4',
  },
};

/** The service template's values for one of the {@link parameterSets}. */
export function plan(name: keyof typeof parameterSets): ServiceValues {
  const parsed = parseServiceParameters(parameterSets[name]);
  if (!parsed.success) throw new Error(parsed.problems.join('\n'));
  return planService(parsed.data, {
    repoUrl: `https://github.com/acme/${parsed.data.name}.git`,
    stateBucket: 'paved-terraform-state',
  });
}

/** A row or time series panel of the rendered JSON, as far as the tests read it. */
export interface AnyPanel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  fieldConfig?: { defaults: { unit?: string } };
  targets?: { expr: string; refId: string; datasource?: { uid?: string } }[];
}

/** The dashboard as the chart ships it, parsed back. */
export function renderAndParse(values: ServiceValues) {
  return JSON.parse(renderServiceDashboard(values)) as {
    uid: string;
    panels: AnyPanel[];
    templating: {
      list: { name: string; type: string; query: unknown; options?: unknown }[];
    };
    annotations: { list: { expr: string; datasource: { uid: string } }[] };
  };
}

/** Panels grouped by the title of the row they sit under. */
export function panelsByRow(panels: AnyPanel[]): Map<string, AnyPanel[]> {
  const result = new Map<string, AnyPanel[]>();
  let current = '';
  for (const p of panels) {
    if (p.type === 'row') {
      current = p.title;
      result.set(current, []);
    } else {
      result.get(current)!.push(p);
    }
  }
  return result;
}
