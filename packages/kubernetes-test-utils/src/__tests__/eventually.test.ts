import { eventually } from '../eventually';

describe('eventually', () => {
  it('returns the first answer that is not undefined', async () => {
    let calls = 0;
    const value = await eventually(
      'the third call',
      async () => (++calls === 3 ? 'ready' : undefined),
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('fails naming what it waited for', async () => {
    await expect(
      eventually('nothing', async () => undefined, {
        timeoutMs: 20,
        intervalMs: 5,
      }),
    ).rejects.toThrow('Timed out waiting for nothing');
  });
});
