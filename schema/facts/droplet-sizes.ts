/**
 * DigitalOcean Droplet sizes: slug → vCPUs, memory and list price, for the Fargate sizing rule
 * (`compiler/sizing.ts`, docs/sizing.md).
 *
 * Source: `doctl compute size list` as captured in boxcutter/oci doctl/README.md (about August 2025), the
 * same columns as the DigitalOcean API `GET /v2/sizes` (slug, vcpus, memory in MiB, price_monthly). Prices
 * are USD list prices at capture time; re-check with `doctl compute size list -o json`.
 *
 * Families (from the slug grammar of that listing): `s-*` Basic (shared CPU), `s-*-amd` / `s-*-intel`
 * Basic Premium AMD / Intel (shared CPU), `g-*` / `gd-*` General Purpose (dedicated, 4 GiB per vCPU),
 * `c-N` / `c2-*` CPU-Optimized (dedicated, 2 GiB per vCPU; `c-N` slugs do not carry the memory),
 * `m-*` / `m3-*` / `m6-*` Memory-Optimized (8 GiB per vCPU), `so-*` / `so1_5-*` Storage-Optimized.
 * GPU Droplets are left out on purpose: Fargate has no GPUs (such an app needs ECS on EC2).
 */

export type DropletFamily =
  | 'basic'
  | 'basic-premium-amd'
  | 'basic-premium-intel'
  | 'general-purpose'
  | 'cpu-optimized'
  | 'memory-optimized'
  | 'storage-optimized';

export interface DropletSize {
  slug: string;
  family: DropletFamily;
  vcpus: number;
  memoryMib: number;
  priceMonthlyUsd: number;
}

/** Shared-CPU families: a vCPU is a time share of a host core, not a dedicated hyperthread. */
export const SHARED_CPU_FAMILIES: readonly DropletFamily[] = [
  'basic',
  'basic-premium-amd',
  'basic-premium-intel',
];

// [slug, family, vCPUs, memory MiB, USD per month]
const ROWS: readonly (readonly [string, DropletFamily, number, number, number])[] = [
  ['s-1vcpu-512mb-10gb', 'basic', 1, 512, 4.0],
  ['s-1vcpu-1gb', 'basic', 1, 1024, 6.0],
  ['s-1vcpu-2gb', 'basic', 1, 2048, 12.0],
  ['s-2vcpu-2gb', 'basic', 2, 2048, 18.0],
  ['s-2vcpu-4gb', 'basic', 2, 4096, 24.0],
  ['s-4vcpu-8gb', 'basic', 4, 8192, 48.0],
  ['s-8vcpu-16gb', 'basic', 8, 16384, 96.0],
  ['s-1vcpu-1gb-amd', 'basic-premium-amd', 1, 1024, 7.0],
  ['s-1vcpu-2gb-amd', 'basic-premium-amd', 1, 2048, 14.0],
  ['s-2vcpu-2gb-amd', 'basic-premium-amd', 2, 2048, 21.0],
  ['s-2vcpu-4gb-amd', 'basic-premium-amd', 2, 4096, 28.0],
  ['s-2vcpu-8gb-amd', 'basic-premium-amd', 2, 8192, 42.0],
  ['s-4vcpu-8gb-amd', 'basic-premium-amd', 4, 8192, 56.0],
  ['s-4vcpu-16gb-amd', 'basic-premium-amd', 4, 16384, 84.0],
  ['s-8vcpu-16gb-amd', 'basic-premium-amd', 8, 16384, 112.0],
  ['s-8vcpu-32gb-amd', 'basic-premium-amd', 8, 32768, 168.0],
  ['s-1vcpu-1gb-35gb-intel', 'basic-premium-intel', 1, 1024, 8.0],
  ['s-1vcpu-1gb-intel', 'basic-premium-intel', 1, 1024, 7.0],
  ['s-1vcpu-2gb-70gb-intel', 'basic-premium-intel', 1, 2048, 16.0],
  ['s-1vcpu-2gb-intel', 'basic-premium-intel', 1, 2048, 14.0],
  ['s-2vcpu-2gb-90gb-intel', 'basic-premium-intel', 2, 2048, 24.0],
  ['s-2vcpu-2gb-intel', 'basic-premium-intel', 2, 2048, 21.0],
  ['s-2vcpu-4gb-120gb-intel', 'basic-premium-intel', 2, 4096, 32.0],
  ['s-2vcpu-4gb-intel', 'basic-premium-intel', 2, 4096, 28.0],
  ['s-2vcpu-8gb-160gb-intel', 'basic-premium-intel', 2, 8192, 48.0],
  ['s-4vcpu-8gb-240gb-intel', 'basic-premium-intel', 4, 8192, 64.0],
  ['s-4vcpu-8gb-intel', 'basic-premium-intel', 4, 8192, 56.0],
  ['s-4vcpu-16gb-320gb-intel', 'basic-premium-intel', 4, 16384, 96.0],
  ['s-8vcpu-16gb-480gb-intel', 'basic-premium-intel', 8, 16384, 128.0],
  ['s-8vcpu-16gb-intel', 'basic-premium-intel', 8, 16384, 112.0],
  ['s-8vcpu-32gb-640gb-intel', 'basic-premium-intel', 8, 32768, 192.0],
  ['g-2vcpu-8gb', 'general-purpose', 2, 8192, 63.0],
  ['g-2vcpu-8gb-intel', 'general-purpose', 2, 8192, 76.0],
  ['gd-2vcpu-8gb', 'general-purpose', 2, 8192, 68.0],
  ['gd-2vcpu-8gb-intel', 'general-purpose', 2, 8192, 79.0],
  ['g-4vcpu-16gb', 'general-purpose', 4, 16384, 126.0],
  ['g-4vcpu-16gb-intel', 'general-purpose', 4, 16384, 151.0],
  ['gd-4vcpu-16gb', 'general-purpose', 4, 16384, 136.0],
  ['gd-4vcpu-16gb-intel', 'general-purpose', 4, 16384, 158.0],
  ['g-8vcpu-32gb', 'general-purpose', 8, 32768, 252.0],
  ['g-8vcpu-32gb-intel', 'general-purpose', 8, 32768, 302.0],
  ['gd-8vcpu-32gb', 'general-purpose', 8, 32768, 272.0],
  ['gd-8vcpu-32gb-intel', 'general-purpose', 8, 32768, 317.0],
  ['g-16vcpu-64gb', 'general-purpose', 16, 65536, 504.0],
  ['g-16vcpu-64gb-intel', 'general-purpose', 16, 65536, 605.0],
  ['gd-16vcpu-64gb', 'general-purpose', 16, 65536, 544.0],
  ['gd-16vcpu-64gb-intel', 'general-purpose', 16, 65536, 634.0],
  ['g-32vcpu-128gb', 'general-purpose', 32, 131072, 1008.0],
  ['g-32vcpu-128gb-intel', 'general-purpose', 32, 131072, 1210.0],
  ['gd-32vcpu-128gb', 'general-purpose', 32, 131072, 1088.0],
  ['gd-32vcpu-128gb-intel', 'general-purpose', 32, 131072, 1268.0],
  ['g-40vcpu-160gb', 'general-purpose', 40, 163840, 1260.0],
  ['gd-40vcpu-160gb', 'general-purpose', 40, 163840, 1360.0],
  ['g-48vcpu-192gb-intel', 'general-purpose', 48, 196608, 1814.0],
  ['gd-48vcpu-192gb-intel', 'general-purpose', 48, 196608, 1901.0],
  ['g-60vcpu-240gb-intel', 'general-purpose', 60, 245760, 2269.0],
  ['gd-60vcpu-240gb-intel', 'general-purpose', 60, 245760, 2378.0],
  ['c-2', 'cpu-optimized', 2, 4096, 42.0],
  ['c2-2vcpu-4gb', 'cpu-optimized', 2, 4096, 47.0],
  ['c-4', 'cpu-optimized', 4, 8192, 84.0],
  ['c-4-intel', 'cpu-optimized', 4, 8192, 109.0],
  ['c2-4vcpu-8gb', 'cpu-optimized', 4, 8192, 94.0],
  ['c2-4vcpu-8gb-intel', 'cpu-optimized', 4, 8192, 122.0],
  ['c-8', 'cpu-optimized', 8, 16384, 168.0],
  ['c-8-intel', 'cpu-optimized', 8, 16384, 218.0],
  ['c2-8vcpu-16gb', 'cpu-optimized', 8, 16384, 188.0],
  ['c2-8vcpu-16gb-intel', 'cpu-optimized', 8, 16384, 244.0],
  ['c-16', 'cpu-optimized', 16, 32768, 336.0],
  ['c-16-intel', 'cpu-optimized', 16, 32768, 437.0],
  ['c2-16vcpu-32gb', 'cpu-optimized', 16, 32768, 376.0],
  ['c2-16vcpu-32gb-intel', 'cpu-optimized', 16, 32768, 489.0],
  ['c-32', 'cpu-optimized', 32, 65536, 672.0],
  ['c-32-intel', 'cpu-optimized', 32, 65536, 874.0],
  ['c2-32vcpu-64gb', 'cpu-optimized', 32, 65536, 752.0],
  ['c2-32vcpu-64gb-intel', 'cpu-optimized', 32, 65536, 978.0],
  ['c-48', 'cpu-optimized', 48, 98304, 1008.0],
  ['c-48-intel', 'cpu-optimized', 48, 98304, 1310.0],
  ['c2-48vcpu-96gb', 'cpu-optimized', 48, 98304, 1128.0],
  ['c2-48vcpu-96gb-intel', 'cpu-optimized', 48, 98304, 1466.0],
  ['c-60-intel', 'cpu-optimized', 60, 122880, 1639.0],
  ['c2-60vcpu-120gb-intel', 'cpu-optimized', 60, 122880, 1834.0],
  ['m-2vcpu-16gb', 'memory-optimized', 2, 16384, 84.0],
  ['m-2vcpu-16gb-intel', 'memory-optimized', 2, 16384, 99.0],
  ['m3-2vcpu-16gb', 'memory-optimized', 2, 16384, 104.0],
  ['m3-2vcpu-16gb-intel', 'memory-optimized', 2, 16384, 110.0],
  ['m6-2vcpu-16gb', 'memory-optimized', 2, 16384, 131.0],
  ['m-4vcpu-32gb', 'memory-optimized', 4, 32768, 168.0],
  ['m-4vcpu-32gb-intel', 'memory-optimized', 4, 32768, 198.0],
  ['m3-4vcpu-32gb', 'memory-optimized', 4, 32768, 208.0],
  ['m3-4vcpu-32gb-intel', 'memory-optimized', 4, 32768, 220.0],
  ['m6-4vcpu-32gb', 'memory-optimized', 4, 32768, 262.0],
  ['m-8vcpu-64gb', 'memory-optimized', 8, 65536, 336.0],
  ['m-8vcpu-64gb-intel', 'memory-optimized', 8, 65536, 396.0],
  ['m3-8vcpu-64gb', 'memory-optimized', 8, 65536, 416.0],
  ['m3-8vcpu-64gb-intel', 'memory-optimized', 8, 65536, 440.0],
  ['m6-8vcpu-64gb', 'memory-optimized', 8, 65536, 524.0],
  ['m-16vcpu-128gb', 'memory-optimized', 16, 131072, 672.0],
  ['m-16vcpu-128gb-intel', 'memory-optimized', 16, 131072, 792.0],
  ['m3-16vcpu-128gb', 'memory-optimized', 16, 131072, 832.0],
  ['m3-16vcpu-128gb-intel', 'memory-optimized', 16, 131072, 880.0],
  ['m6-16vcpu-128gb', 'memory-optimized', 16, 131072, 1048.0],
  ['m-24vcpu-192gb', 'memory-optimized', 24, 196608, 1008.0],
  ['m-24vcpu-192gb-intel', 'memory-optimized', 24, 196608, 1188.0],
  ['m3-24vcpu-192gb', 'memory-optimized', 24, 196608, 1248.0],
  ['m3-24vcpu-192gb-intel', 'memory-optimized', 24, 196608, 1320.0],
  ['m6-24vcpu-192gb', 'memory-optimized', 24, 196608, 1572.0],
  ['m-32vcpu-256gb', 'memory-optimized', 32, 262144, 1344.0],
  ['m-32vcpu-256gb-intel', 'memory-optimized', 32, 262144, 1584.0],
  ['m3-32vcpu-256gb', 'memory-optimized', 32, 262144, 1664.0],
  ['m3-32vcpu-256gb-intel', 'memory-optimized', 32, 262144, 1760.0],
  ['m6-32vcpu-256gb', 'memory-optimized', 32, 262144, 2096.0],
  ['m-48vcpu-384gb-intel', 'memory-optimized', 48, 393216, 2376.0],
  ['m3-48vcpu-384gb-intel', 'memory-optimized', 48, 393216, 2640.0],
  ['so-2vcpu-16gb', 'storage-optimized', 2, 16384, 131.0],
  ['so-2vcpu-16gb-intel', 'storage-optimized', 2, 16384, 131.0],
  ['so1_5-2vcpu-16gb', 'storage-optimized', 2, 16384, 163.0],
  ['so1_5-2vcpu-16gb-intel', 'storage-optimized', 2, 16384, 139.0],
  ['so-4vcpu-32gb', 'storage-optimized', 4, 32768, 262.0],
  ['so-4vcpu-32gb-intel', 'storage-optimized', 4, 32768, 262.0],
  ['so1_5-4vcpu-32gb', 'storage-optimized', 4, 32768, 326.0],
  ['so1_5-4vcpu-32gb-intel', 'storage-optimized', 4, 32768, 278.0],
  ['so-8vcpu-64gb', 'storage-optimized', 8, 65536, 524.0],
  ['so-8vcpu-64gb-intel', 'storage-optimized', 8, 65536, 524.0],
  ['so1_5-8vcpu-64gb', 'storage-optimized', 8, 65536, 652.0],
  ['so1_5-8vcpu-64gb-intel', 'storage-optimized', 8, 65536, 556.0],
  ['so-16vcpu-128gb', 'storage-optimized', 16, 131072, 1048.0],
  ['so-16vcpu-128gb-intel', 'storage-optimized', 16, 131072, 1048.0],
  ['so1_5-16vcpu-128gb', 'storage-optimized', 16, 131072, 1304.0],
  ['so1_5-16vcpu-128gb-intel', 'storage-optimized', 16, 131072, 1112.0],
  ['so-24vcpu-192gb', 'storage-optimized', 24, 196608, 1572.0],
  ['so-24vcpu-192gb-intel', 'storage-optimized', 24, 196608, 1572.0],
  ['so1_5-24vcpu-192gb', 'storage-optimized', 24, 196608, 1956.0],
  ['so1_5-24vcpu-192gb-intel', 'storage-optimized', 24, 196608, 1668.0],
  ['so-32vcpu-256gb', 'storage-optimized', 32, 262144, 2096.0],
  ['so-32vcpu-256gb-intel', 'storage-optimized', 32, 262144, 2096.0],
  ['so1_5-32vcpu-256gb', 'storage-optimized', 32, 262144, 2608.0],
  ['so1_5-32vcpu-256gb-intel', 'storage-optimized', 32, 262144, 2224.0],
  ['so-48vcpu-384gb-intel', 'storage-optimized', 48, 393216, 3144.0],
];

export const DROPLET_SIZES: ReadonlyMap<string, DropletSize> = new Map(
  ROWS.map(([slug, family, vcpus, memoryMib, priceMonthlyUsd]) => [
    slug,
    { slug, family, vcpus, memoryMib, priceMonthlyUsd },
  ]),
);
