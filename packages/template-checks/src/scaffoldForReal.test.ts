import { parameterSets } from './parameterSets';
import { PortalBackend } from './PortalBackend';

const valid = parameterSets.full;

// Each hostile request, and where it must be stopped: by the form's JSON schema when the
// scaffolder accepts the task, or by `paved:service:plan`, the first step, for what a JSON
// schema cannot say.
const hostile: Array<
  [string, Record<string, unknown>, 'schema' | 'plan', RegExp]
> = [
  ['path traversal in the name', { name: '../../etc' }, 'schema', /name/],
  ['a slash in the name', { name: 'a/b' }, 'schema', /name/],
  ['a name over 40 characters', { name: 'a'.repeat(41) }, 'schema', /name/],
  ['a unicode name', { name: 'bestellüngen' }, 'schema', /name/],
  [
    'a huge description',
    { description: 'x'.repeat(10_000) },
    'schema',
    /description/,
  ],
  [
    'YAML injection through the host',
    { ingressHost: 'a.com\n  evil: true' },
    'schema',
    /ingressHost/,
  ],
  [
    'an unknown GPU profile',
    { gpuMode: 'mig', migProfile: '9g.999gb' },
    'schema',
    /migProfile|gpuMode/,
  ],
  ['an empty environment list', { environments: [] }, 'schema', /environments/],
  [
    'YAML injection through the description',
    { description: 'ok\nkind: Secret' },
    'plan',
    /description must be one line without control characters/,
  ],
  [
    'HCL interpolation through the description',
    { description: '${file("/etc/passwd")}' },
    'plan',
    /description must not contain template sequences/,
  ],
  [
    'Go template injection through the description',
    { description: '{{ .Values.secrets }}' },
    'plan',
    /description must not contain template sequences/,
  ],
  [
    'a MIG profile the GPU does not offer',
    {
      gpuMode: 'mig',
      migProfile: '1g.18gb',
      gpuProduct: 'NVIDIA-H100-80GB-HBM3',
    },
    // The form's dependent enums already refuse it (the planner would too).
    'schema',
    /migProfile/,
  ],
  [
    'more minimum than maximum replicas',
    { minReplicas: 9, maxReplicas: 3 },
    'plan',
    /minReplicas \(9\) must not exceed maxReplicas \(3\)/,
  ],
];

describe('the service template, run for real', () => {
  let portal: PortalBackend;
  beforeAll(async () => {
    portal = await PortalBackend.start();
  });
  afterAll(() => portal?.stop());

  it('publishes a local repository and registers the component, with no token', async () => {
    const { taskId, status } = await portal.createTask(
      'template:default/service',
      valid,
    );
    expect(status).toBe(201);
    const result = await portal.waitForTask(taskId!);
    if (result.status !== 'completed') {
      throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
    }
    expect(await portal.publishedRepositories()).toEqual(['orders-api.git']);

    const entity = await portal.waitForComponent('orders-api');
    expect(entity.spec.owner).toBe('group:default/product-team');
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'orders-api',
      'paved.dev/environments': 'dev,staging,prod',
    });
    expect(result.output).toMatchObject({
      links: expect.arrayContaining([
        expect.objectContaining({ entityRef: 'component:default/orders-api' }),
      ]),
    });
  });

  it('refuses to publish over an existing repository and loses nothing', async () => {
    const before = await portal.locationTargets();
    const { taskId } = await portal.createTask(
      'template:default/service',
      valid,
    );
    const result = await portal.waitForTask(taskId!);
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toMatch(
      /already exists; it was left untouched/,
    );
    expect(await portal.locationTargets()).toEqual(before);
  });

  async function expectNothingPublished(locationsBefore: string[]) {
    expect(await portal.publishedRepositories()).toEqual(['orders-api.git']);
    expect(await portal.locationTargets()).toEqual(locationsBefore);
    expect(await portal.componentNames()).not.toContain('hostile');
  }

  async function createHostileTask(overrides: Record<string, unknown>) {
    return portal.createTask('template:default/service', {
      ...valid,
      name: 'hostile',
      ...overrides,
    });
  }

  it.each(hostile.filter(([, , stage]) => stage === 'schema'))(
    'refuses %s when the task is created, and publishes and registers nothing',
    async (_, overrides, _stage, message) => {
      const locationsBefore = await portal.locationTargets();
      const created = await createHostileTask(overrides);
      expect(created.status).toBe(400);
      expect(JSON.stringify(created.body)).toMatch(message);
      await expectNothingPublished(locationsBefore);
    },
  );

  it.each(hostile.filter(([, , stage]) => stage === 'plan'))(
    'fails %s in the plan step, and publishes and registers nothing',
    async (_, overrides, _stage, message) => {
      const locationsBefore = await portal.locationTargets();
      const created = await createHostileTask(overrides);
      expect(created.status).toBe(201);
      const result = await portal.waitForTask(created.taskId!);
      expect(result.status).toBe('failed');
      expect(result.log.join('\n')).toMatch(message);
      await expectNothingPublished(locationsBefore);
    },
  );
});
