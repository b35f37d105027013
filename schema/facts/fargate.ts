/**
 * Valid Fargate task sizes (Linux): which task memory values each task CPU value accepts.
 *
 * Source: the Amazon ECS API model (botocore `ecs/2014-11-13/service-2.json`, 1.43.x),
 * `RegisterTaskDefinitionRequest.memory` documentation:
 *   256 (.25 vCPU): 512, 1024, 2048 MiB
 *   512 (.5 vCPU): 1024 … 4096 MiB in 1024 steps
 *   1024 (1 vCPU): 2048 … 8192 MiB in 1024 steps
 *   2048 (2 vCPU): 4096 … 16384 MiB in 1024 steps
 *   4096 (4 vCPU): 8192 … 30720 MiB in 1024 steps
 *   8192 (8 vCPU): 16384 … 61440 MiB in 4096 steps (Linux platform 1.4.0 or later)
 *   16384 (16 vCPU): 32768 … 122880 MiB in 8192 steps (Linux platform 1.4.0 or later)
 * A pure data table: schema/rules.ts may import it to validate `apps[].size`.
 */

export interface FargateCpuOption {
  /** Task CPU units (1024 = 1 vCPU). */
  cpu: number;
  /** Valid task memory values in MiB, ascending. */
  memory: readonly number[];
}

const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
};

/** Ascending by CPU; each memory list ascending. */
export const FARGATE_CPU_OPTIONS: readonly FargateCpuOption[] = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

/** The largest Fargate task: 16 vCPU, 120 GiB. */
export const FARGATE_MAX = { cpu: 16384, memory: 122880 } as const;

export function isValidFargatePair(cpu: number, memory: number): boolean {
  return FARGATE_CPU_OPTIONS.some((o) => o.cpu === cpu && o.memory.includes(memory));
}

/** Human-readable list of the memory values a CPU value accepts, for error messages. */
export function describeFargateMemory(cpu: number): string | undefined {
  const option = FARGATE_CPU_OPTIONS.find((o) => o.cpu === cpu);
  if (!option) return undefined;
  const m = option.memory;
  if (m.length <= 4) return m.join(', ');
  return `${m[0]} to ${m[m.length - 1]} in steps of ${m[1] - m[0]}`;
}

/** The smallest valid pair with at least `cpu` units and `memory` MiB, or undefined above the maximum. */
export function smallestFargatePairAtLeast(
  cpu: number,
  memory: number,
): { cpu: number; memory: number } | undefined {
  for (const option of FARGATE_CPU_OPTIONS) {
    if (option.cpu < cpu) continue;
    const mem = option.memory.find((m) => m >= memory);
    if (mem !== undefined) return { cpu: option.cpu, memory: mem };
  }
  return undefined;
}
