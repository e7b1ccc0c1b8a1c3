import {
  chartExpectationsOf,
  kinds,
  only,
  renderHelmChartsOfEverySet,
} from './testing/renderedHelmCharts';
import { PARAMETER_SETS } from './testing/renderedServiceTemplate';
import { PLATFORM_ENVIRONMENTS } from './TemplateDryRunner';

// Checks how the workload the Helm chart renders behaves, for every parameter set through the real
// scaffolder's dry run and every environment, under Helm 4 on a cluster that serves the guarded
// APIs: replicas and autoscaling, GPUs, the restricted Pod Security Standard, ingress, disruption
// budget. chartNetwork.test.ts checks the ports and the network policy.

const { chartOf, render } = renderHelmChartsOfEverySet();

describe.each(PARAMETER_SETS)('the Helm chart of %s', set => {
  const expected = chartExpectationsOf(set);

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
                ...(expected.targetMemory ? ['memory'] : []),
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

  it("gives the pods the IAM role of every environment, in the environment's account", async () => {
    for (const env of expected.envs) {
      const objects = await render(set, 4, env);
      const serviceAccount = only(objects, 'ServiceAccount');
      const { awsAccountId } =
        PLATFORM_ENVIRONMENTS[env as keyof typeof PLATFORM_ENVIRONMENTS];
      expect({
        env,
        roleArn:
          serviceAccount.metadata.annotations?.['eks.amazonaws.com/role-arn'],
      }).toEqual({
        env,
        roleArn: `arn:aws:iam::${awsAccountId}:role/${expected.name}-${env}`,
      });
    }
  });
});
