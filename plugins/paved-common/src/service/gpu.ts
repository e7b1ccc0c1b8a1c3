/**
 * GPU products as NVIDIA GPU feature discovery labels them (`nvidia.com/gpu.product`), with the
 * MIG profiles each offers. The H100 and H200 profile lists come from `nvidia-smi mig -lgip` on
 * real machines; `+me` profiles are left out because the device plugin does not expose them as
 * separate resources.
 *
 * @public
 */
export const GPU_PRODUCTS = {
  'NVIDIA-H100-80GB-HBM3': {
    memoryMiB: 81559,
    migProfiles: [
      '1g.10gb',
      '1g.20gb',
      '2g.20gb',
      '3g.40gb',
      '4g.40gb',
      '7g.80gb',
    ],
  },
  'NVIDIA-H200': {
    memoryMiB: 143771,
    migProfiles: [
      '1g.18gb',
      '1g.35gb',
      '2g.35gb',
      '3g.71gb',
      '4g.71gb',
      '7g.141gb',
    ],
  },
  'NVIDIA-A100-SXM4-80GB': {
    memoryMiB: 81920,
    migProfiles: [
      '1g.10gb',
      '1g.20gb',
      '2g.20gb',
      '3g.40gb',
      '4g.40gb',
      '7g.80gb',
    ],
  },
  'NVIDIA-A100-SXM4-40GB': {
    memoryMiB: 40960,
    migProfiles: [
      '1g.5gb',
      '1g.10gb',
      '2g.10gb',
      '3g.20gb',
      '4g.20gb',
      '7g.40gb',
    ],
  },
  'NVIDIA-L4': { memoryMiB: 23034, migProfiles: [] },
} as const satisfies Record<
  string,
  { memoryMiB: number; migProfiles: readonly string[] }
>;

/** A key of {@link GPU_PRODUCTS}. @public */
export type GpuProduct = keyof typeof GPU_PRODUCTS;

/** Every MIG profile some known product offers, e.g. `1g.10gb`. @public */
export const MIG_PROFILES: string[] = [
  ...new Set(Object.values(GPU_PRODUCTS).flatMap(p => [...p.migProfiles])),
].sort();

/** The extended resource name of a MIG profile under the mixed strategy. @public */
export function migResourceName(profile: string): string {
  return `nvidia.com/mig-${profile}`;
}
