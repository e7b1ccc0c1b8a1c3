import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  HelmMajor,
  HelmTools,
  KubeObject,
  helmTemplate,
  installHelm,
} from '../helm';
import { ParameterSetName, parameterSets } from '../parameterSets';
import {
  RenderedServiceTemplate,
  renderServiceTemplateForEverySet,
} from './renderedServiceTemplate';

/** The Helm majors users run today; the chart must pass both. */
export const HELM_MAJORS: HelmMajor[] = [3, 4];
/** APIs the chart only uses when the cluster serves them. */
export const GUARDED_APIS = [
  'monitoring.coreos.com/v1',
  'external-secrets.io/v1',
];
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** Security groups for pods: rendered only with the API and the groups Terraform outputs. */
const POD_SECURITY_GROUPS_API = 'vpcresources.k8s.aws/v1beta1';
/** What `terraform output -json pod_security_group_ids` gives an operator to copy into values. */
export const POD_SECURITY_GROUP_IDS = [
  'sg-0123456789abcdef0',
  'sg-0fedcba9876543210',
];

/** The parameters the chart checks read; every parameter set fits. */
interface ChartParameters {
  name: string;
  environments: readonly string[];
  autoscalingEnabled?: boolean;
  targetMemory?: number;
  customMetricName?: string;
  ingressHost?: string;
  gpuMode?: string;
  gpuCount?: number;
  migProfile?: string;
  gpuProduct?: string;
  gpuTolerations?: boolean;
  postgres?: boolean;
  redis?: boolean;
  bucket?: boolean;
}

/** What a parameter set asks of the chart, with the template's defaults filled in. */
export function chartExpectationsOf(set: ParameterSetName) {
  const p: ChartParameters = parameterSets[set];
  const gpuMode = p.gpuMode ?? 'none';
  return {
    name: p.name,
    envs: [...p.environments],
    autoscaling: p.autoscalingEnabled ?? true,
    /** The HPA scales on memory only when asked to. */
    targetMemory: p.targetMemory,
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
    postgres: Boolean(p.postgres),
    redis: Boolean(p.redis),
    /** The service has AWS resources, so its pods get an AWS region. */
    cloud: Boolean(p.postgres || p.redis || p.bucket),
  };
}

/** The Helm chart the service template generated for one parameter set, on disk. */
interface GeneratedChart {
  dir: string;
  name: string;
  envs: string[];
  valuesFile(env: string): string;
  /** values-<env>.yaml as parsed YAML, by environment. */
  envValues: Record<string, any>;
}

/** Reads the generated charts and renders them; valid inside the tests of the calling file. */
export interface RenderedHelmCharts {
  service: RenderedServiceTemplate;
  chartOf(set: ParameterSetName): GeneratedChart;
  /** The installed Helm of a major. */
  helm(major: HelmMajor): HelmTools;
  /**
   * `helm template` of one environment with its values file, memoised so every check in the file
   * reads the same output and each combination renders once.
   */
  render(
    set: ParameterSetName,
    major: HelmMajor,
    env: string,
    withGuardedApis?: boolean,
  ): Promise<KubeObject[]>;
  /**
   * Like `render` with Helm 4 and the guarded APIs, in a cluster that serves security groups for
   * pods, with `podSecurityGroups.groupIds` set as the README says after `terraform apply`.
   */
  renderWithPodSecurityGroups(
    set: ParameterSetName,
    env: string,
  ): Promise<KubeObject[]>;
}

/**
 * Renders the service template for every parameter set (see
 * {@link renderServiceTemplateForEverySet}) and installs Helm 3 and Helm 4 in the calling test
 * file's `beforeAll`. Helm renders nothing until a test asks.
 */
export function renderHelmChartsOfEverySet(): RenderedHelmCharts {
  const service = renderServiceTemplateForEverySet();
  const tools = new Map<HelmMajor, HelmTools>();
  const charts = new Map<ParameterSetName, GeneratedChart>();
  const renders = new Map<string, Promise<KubeObject[]>>();

  beforeAll(async () => {
    const installed = await Promise.all(HELM_MAJORS.map(m => installHelm(m)));
    installed.forEach(t => tools.set(t.major, t));
  });

  const helm = (major: HelmMajor): HelmTools => {
    const installed = tools.get(major);
    if (!installed) throw new Error(`Helm ${major} was not installed`);
    return installed;
  };

  const chartOf = (set: ParameterSetName): GeneratedChart => {
    let chart = charts.get(set);
    if (!chart) {
      const { name, envs } = chartExpectationsOf(set);
      const chartPath = `charts/${name}`;
      const dir = path.join(service.repositoryOf(set).dir, chartPath);
      chart = {
        dir,
        name,
        envs,
        valuesFile: env => path.join(dir, `values-${env}.yaml`),
        envValues: Object.fromEntries(
          envs.map(env => [
            env,
            service.yamlFile(set, `${chartPath}/values-${env}.yaml`),
          ]),
        ),
      };
      charts.set(set, chart);
    }
    return chart;
  };

  const render = (
    set: ParameterSetName,
    major: HelmMajor,
    env: string,
    withGuardedApis = true,
  ): Promise<KubeObject[]> => {
    const key = `${set}/${major}/${env}/${withGuardedApis}`;
    let objects = renders.get(key);
    if (!objects) {
      const chart = chartOf(set);
      objects = helmTemplate(helm(major), chart.dir, {
        releaseName: chart.name,
        namespace: `${chart.name}-${env}`,
        valuesFiles: [chart.valuesFile(env)],
        apiVersions: withGuardedApis ? GUARDED_APIS : [],
      });
      renders.set(key, objects);
    }
    return objects;
  };

  let podSecurityGroupValues: Promise<string> | undefined;
  const renderWithPodSecurityGroups = (
    set: ParameterSetName,
    env: string,
  ): Promise<KubeObject[]> => {
    const key = `${set}/pod-security-groups/${env}`;
    let objects = renders.get(key);
    if (!objects) {
      podSecurityGroupValues ??= (async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-sgp-'));
        const file = path.join(dir, 'values-pod-security-groups.yaml');
        await fs.writeFile(
          file,
          JSON.stringify({
            podSecurityGroups: { groupIds: POD_SECURITY_GROUP_IDS },
          }),
        );
        return file;
      })();
      const chart = chartOf(set);
      objects = podSecurityGroupValues.then(extra =>
        helmTemplate(helm(4), chart.dir, {
          releaseName: chart.name,
          namespace: `${chart.name}-${env}`,
          valuesFiles: [chart.valuesFile(env), extra],
          apiVersions: [...GUARDED_APIS, POD_SECURITY_GROUPS_API],
        }),
      );
      renders.set(key, objects);
    }
    return objects;
  };

  return { service, chartOf, helm, render, renderWithPodSecurityGroups };
}

/** The one object of a kind; throws when there is none or more than one. */
export function only(objects: KubeObject[], kind: string): KubeObject {
  const found = objects.filter(o => o.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}, found ${found.length}`);
  }
  return found[0];
}

/** The kinds of the objects, sorted. */
export function kinds(objects: KubeObject[]): string[] {
  return objects.map(o => o.kind).sort();
}
