import fs from 'node:fs/promises';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  parseServiceParameters,
  planService,
  ServiceValues,
} from '@paved/plugin-paved-common';
import { renderServiceDashboard } from '@paved/plugin-paved-node';
import yaml from 'yaml';
import { createGrafanaDashboardAction } from './grafanaDashboard';
import { examples } from './grafanaDashboard.examples';

function plan(parameters: Record<string, unknown>): ServiceValues {
  const parsed = parseServiceParameters({
    description: 'Image classification',
    owner: 'group:default/ml-team',
    image: 'ghcr.io/acme/vision-inference',
    port: 8080,
    environments: ['staging', 'prod'],
    publishTarget: 'local',
    ...parameters,
  });
  if (!parsed.success) throw new Error(parsed.problems.join('\n'));
  return planService(parsed.data, {
    repoUrl: 'file:///tmp/repo.git',
    stateBucket: 'state',
  });
}

const gpuValues = plan({
  name: 'vision-inference',
  gpuMode: 'mig',
  migProfile: '1g.10gb',
  gpuProduct: 'NVIDIA-H100-80GB-HBM3',
});

describe('paved:grafana:dashboard', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const action = createGrafanaDashboardAction();

  beforeEach(() => mockDir.setContent({ workspace: {} }));

  function context(input: Record<string, unknown>) {
    return createMockActionContext({
      // The plan output travels through the task as JSON.
      input: JSON.parse(JSON.stringify(input)),
      workspacePath,
    });
  }

  it('writes the dashboard where the chart loads it', async () => {
    const ctx = context({ values: gpuValues });
    await action.handler(ctx);

    const file = path.join(
      workspacePath,
      'charts/vision-inference/dashboards/vision-inference-overview.json',
    );
    const written = await fs.readFile(file, 'utf8');
    expect(written).toBe(renderServiceDashboard(gpuValues));
    const dashboard = JSON.parse(written);
    expect(dashboard.uid).toBe('vision-inference-overview');
    expect(
      dashboard.panels.some(
        (p: { title: string }) => p.title === 'GPU utilization',
      ),
    ).toBe(true);

    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      'charts/vision-inference/dashboards/vision-inference-overview.json',
    );
    expect(ctx.output).toHaveBeenCalledWith('uid', 'vision-inference-overview');
    expect(ctx.output).toHaveBeenCalledWith(
      'title',
      'vision-inference overview',
    );
    expect(ctx.output).toHaveBeenCalledWith('panelCount', 11);
  });

  it('writes the same bytes on every run', async () => {
    await action.handler(context({ values: gpuValues }));
    const file = path.join(
      workspacePath,
      'charts/vision-inference/dashboards/vision-inference-overview.json',
    );
    const first = await fs.readFile(file);
    await fs.rm(file);
    await action.handler(context({ values: gpuValues }));
    expect((await fs.readFile(file)).equals(first)).toBe(true);
  });

  it('leaves the GPU and HPA panels out when the service has neither', async () => {
    const values = plan({ name: 'billing-worker', autoscalingEnabled: false });
    const ctx = context({ values });
    await action.handler(ctx);
    const dashboard = JSON.parse(
      await fs.readFile(
        path.join(
          workspacePath,
          'charts/billing-worker/dashboards/billing-worker-overview.json',
        ),
        'utf8',
      ),
    );
    const titles = dashboard.panels.map((p: { title: string }) => p.title);
    expect(titles).not.toContain('GPU');
    expect(titles).not.toContain('Autoscaling');
    expect(ctx.output).toHaveBeenCalledWith('panelCount', 6);
  });

  it('writes to a given path inside the workspace', async () => {
    const ctx = context({ values: gpuValues, path: 'ops/dash/overview.json' });
    await action.handler(ctx);
    await expect(
      fs.readFile(path.join(workspacePath, 'ops/dash/overview.json'), 'utf8'),
    ).resolves.toBe(renderServiceDashboard(gpuValues));
    expect(ctx.output).toHaveBeenCalledWith('path', 'ops/dash/overview.json');
  });

  it('refuses a path outside the workspace', async () => {
    await expect(
      action.handler(context({ values: gpuValues, path: '../escape.json' })),
    ).rejects.toThrow(
      "path: '../escape.json' must be a file inside the workspace",
    );
    await expect(fs.readdir(mockDir.path)).resolves.toEqual(['workspace']);
  });

  it('refuses values that are not a service plan', async () => {
    const values = { ...gpuValues, name: 'Bad Name', gpu: { enabled: true } };
    await expect(action.handler(context({ values }))).rejects.toThrow(
      /^values\.name: .*; values\.gpu\.mode: /,
    );
    await expect(action.handler(context({ values }))).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  it('runs in dry runs, since it only writes the workspace', async () => {
    expect(action.supportsDryRun).toBe(true);
    const ctx = { ...context({ values: gpuValues }), isDryRun: true };
    await action.handler(ctx);
    await expect(
      fs.access(
        path.join(
          workspacePath,
          'charts/vision-inference/dashboards/vision-inference-overview.json',
        ),
      ),
    ).resolves.toBeUndefined();
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe(action.id);
      expect(step.input.values).toBe('${{ steps.plan.output.values }}');
      mockDir.setContent({ workspace: {} });
      const ctx = context({ ...step.input, values: gpuValues });
      await action.handler(ctx);

      const written =
        step.input.path ??
        'charts/vision-inference/dashboards/vision-inference-overview.json';
      expect(ctx.output).toHaveBeenCalledWith('path', written);
      await expect(
        fs.readFile(path.join(workspacePath, written), 'utf8'),
      ).resolves.toBe(renderServiceDashboard(gpuValues));
    },
  );
});
