import { isGpuResource, runtimeEntityPath } from './constants';

describe('runtimeEntityPath', () => {
  it('encodes each part of the ref', () => {
    expect(
      runtimeEntityPath({
        kind: 'Component',
        namespace: 'default',
        name: 'a b',
      }),
    ).toBe('/v1/entities/Component/default/a%20b');
  });
});

describe('isGpuResource', () => {
  it.each([
    ['nvidia.com/gpu', true],
    ['nvidia.com/mig-1g.10gb', true],
    ['amd.com/gpu', true],
    ['cpu', false],
    ['nvidia.com/gpu.shared', false],
  ])('%s -> %s', (resource, expected) => {
    expect(isGpuResource(resource)).toBe(expected);
  });
});
