import { plan } from './__testUtils__/serviceDashboardFixtures';
import { renderServiceDashboard } from './serviceDashboard';
import {
  parseServiceDashboardValues,
  ServiceDashboardValuesError,
} from './values';

describe('parseServiceDashboardValues', () => {
  it('accepts the plan values and keeps only what the dashboard reads', () => {
    const values = plan('gpuMig');
    const parsed = parseServiceDashboardValues(
      JSON.parse(JSON.stringify(values)),
    );
    expect(parsed).toEqual({
      name: 'vision-inference',
      description: values.description,
      ownerName: 'grace',
      environments: ['dev', 'staging', 'prod'],
      envs: {
        dev: { namespace: 'vision-inference-dev' },
        staging: { namespace: 'vision-inference-staging' },
        prod: { namespace: 'vision-inference-prod' },
      },
      autoscaling: { enabled: true },
      gpu: { enabled: true, mode: 'mig' },
    });
    expect(renderServiceDashboard(parsed)).toBe(renderServiceDashboard(values));
  });

  it('names every problem', () => {
    const values = JSON.parse(JSON.stringify(plan('plain')));
    values.name = 'Not A Label';
    values.gpu.mode = 'tpu';
    delete values.envs.prod;
    let error: unknown;
    try {
      parseServiceDashboardValues(values);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ServiceDashboardValuesError);
    const problems = (error as ServiceDashboardValuesError).problems.join('\n');
    expect(problems).toMatch(/^name: /m);
    expect(problems).toMatch(/^gpu\.mode: /m);
  });

  it('wants a namespace for every chosen environment', () => {
    const values = JSON.parse(JSON.stringify(plan('plain')));
    delete values.envs.prod;
    expect(() => parseServiceDashboardValues(values)).toThrow(
      'envs.prod: missing for a chosen environment',
    );
  });
});
