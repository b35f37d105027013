/**
 * Fargate task size for each app: the spec's explicit `size` (a valid Fargate pair that holds the containers:
 * schema/rules/task-size.ts), or a size derived from the droplet the app runs on today (rule in docs/sizing.md). Every choice is explained by a
 * Decision so a reviewer sees why a task got its CPU and memory.
 */
import type { AppSpec, DropletSpec } from '../schema/spec';
import { findByName } from '../schema/inventory/by-name';
import type { Decision } from './model';
import { DROPLET_SIZES, SHARED_CPU_FAMILIES, type DropletSize } from '../schema/facts/droplet-sizes';
import { FARGATE_MAX, smallestFargatePairAtLeast } from '../schema/facts/fargate';

export interface TaskSize {
  cpu: number;
  memory: number;
}

/** Used when an app has neither `size` nor droplets: half a vCPU and 1 GiB, enough for a small web app. */
export const DEFAULT_TASK_SIZE: TaskSize = { cpu: 512, memory: 1024 };

/** A size problem in the spec, with the spec path it belongs to. */
export interface SizeProblem {
  path: (string | number)[];
  message: string;
  hint?: string;
}

export interface SizingResult {
  size: TaskSize;
  decision: Decision;
  /** Warnings about the derivation (capped size, unknown slug), located at `path`. */
  warnings: SizeProblem[];
}

/**
 * vCPUs and memory of a droplet size slug: the table first, then the slug grammar (`…-{V}vcpu-{M}gb…`,
 * and `c-{V}` CPU-Optimized with 2 GiB per vCPU) for slugs newer than the table.
 */
export function lookupDropletSize(slug: string): DropletSize | undefined {
  const known = DROPLET_SIZES.get(slug);
  if (known) return known;
  const grammar = /^(s|g|gd|c2|m|m3|m6|so|so1_5)-(\d+)vcpu-(\d+)(mb|gb)/.exec(slug);
  if (grammar) {
    const [, prefix, v, m, unit] = grammar;
    const family = familyOfPrefix(prefix, slug);
    return {
      slug,
      family,
      vcpus: Number(v),
      memoryMib: Number(m) * (unit === 'gb' ? 1024 : 1),
      priceMonthlyUsd: NaN,
    };
  }
  const cpuOptimized = /^c-(\d+)(-intel)?$/.exec(slug);
  if (cpuOptimized) {
    const vcpus = Number(cpuOptimized[1]);
    return { slug, family: 'cpu-optimized', vcpus, memoryMib: vcpus * 2048, priceMonthlyUsd: NaN };
  }
  return undefined;
}

function familyOfPrefix(prefix: string, slug: string): DropletSize['family'] {
  switch (prefix) {
    case 's':
      return slug.endsWith('-amd')
        ? 'basic-premium-amd'
        : slug.endsWith('-intel')
          ? 'basic-premium-intel'
          : 'basic';
    case 'g':
    case 'gd':
      return 'general-purpose';
    case 'c2':
      return 'cpu-optimized';
    case 'so':
    case 'so1_5':
      return 'storage-optimized';
    default:
      return 'memory-optimized';
  }
}

const isSharedCpu = (size: DropletSize) => SHARED_CPU_FAMILIES.includes(size.family);

/**
 * The rule: shared-CPU droplets (Basic, Premium AMD/Intel) get half their vCPUs as task CPU, because a shared
 * vCPU is a time slice, not a dedicated core; dedicated-CPU droplets (General Purpose, CPU-, Memory- and
 * Storage-Optimized) keep every vCPU. Memory is kept in full. The pair is the smallest valid Fargate pair
 * at or above both, capped at the largest Fargate task (16 vCPU, 120 GiB).
 */
export function sizeForDroplet(droplet: DropletSize): { size: TaskSize; capped: boolean; rule: string } {
  const shared = isSharedCpu(droplet);
  const wantCpu = droplet.vcpus * (shared ? 512 : 1024);
  const pair = smallestFargatePairAtLeast(wantCpu, droplet.memoryMib);
  const basis = shared
    ? `shared-CPU ${droplet.family} droplet: half its vCPUs (${wantCpu} CPU units) and all its memory`
    : `dedicated-CPU ${droplet.family} droplet: all its vCPUs (${wantCpu} CPU units) and all its memory`;
  if (pair)
    return { size: pair, capped: false, rule: `${basis}, rounded up to the nearest valid Fargate pair` };
  return {
    size: { ...FARGATE_MAX },
    capped: true,
    rule: `${basis} exceed the largest Fargate task, so capped at ${FARGATE_MAX.cpu} CPU / ${FARGATE_MAX.memory} MiB`,
  };
}

const describe = (s: TaskSize) => `${s.cpu} CPU / ${s.memory} MiB`;

const sumOf = (values: (number | undefined)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);

/** The droplet an app is sized from: the largest (by vCPUs, then memory) of those it runs on today. */
function sizingDroplet(
  app: AppSpec,
  droplets: readonly DropletSpec[],
): { droplet: DropletSpec; size: DropletSize | undefined } | undefined {
  let best: { droplet: DropletSpec; size: DropletSize | undefined } | undefined;
  for (const name of app.droplets) {
    // A declared droplet: the rules refuse any other name (unresolved-reference).
    const droplet = findByName(droplets, name)!;
    const size = lookupDropletSize(droplet.size);
    if (
      !best ||
      (size &&
        (!best.size ||
          size.vcpus > best.size.vcpus ||
          (size.vcpus === best.size.vcpus && size.memoryMib > best.size.memoryMib)))
    )
      best = { droplet, size };
  }
  return best;
}

/** The task size of an app and the Decision that explains it. */
export function sizeApp(app: AppSpec, droplets: readonly DropletSpec[]): SizingResult {
  const subject = `apps.${app.name}.size`;
  if (app.size) {
    return {
      size: { cpu: app.size.cpu, memory: app.size.memory },
      decision: {
        subject,
        choice: describe(app.size),
        rule: 'given in the spec (apps[].size); checked against the Fargate cpu/memory table',
      },
      warnings: [],
    };
  }
  const warnings: SizeProblem[] = [];
  const source = sizingDroplet(app, droplets);
  let base: TaskSize = DEFAULT_TASK_SIZE;
  let rule = `no size and no droplet to derive it from: default ${describe(DEFAULT_TASK_SIZE)}`;
  let from: string | undefined;
  if (source?.size) {
    const d = source.size;
    const derived = sizeForDroplet(d);
    base = derived.size;
    from = `${source.droplet.name}: ${d.slug} (${d.vcpus} vCPU, ${d.memoryMib} MiB)`;
    rule = derived.rule;
    if (derived.capped)
      warnings.push({
        path: ['droplets'],
        message: `droplet ${source.droplet.name} (${d.slug}) is larger than the largest Fargate task; ${app.name} is capped at ${describe(FARGATE_MAX)}`,
        hint: 'split the app into smaller services, or give an explicit size',
      });
  } else if (source) {
    from = `${source.droplet.name}: ${source.droplet.size}`;
    rule = `droplet size ${source.droplet.size} is not in the DigitalOcean size table: default ${describe(DEFAULT_TASK_SIZE)}`;
    warnings.push({
      path: ['droplets'],
      message: `unknown droplet size ${source.droplet.size}: ${app.name} gets the default ${describe(DEFAULT_TASK_SIZE)}`,
      hint: 'give apps[].size explicitly',
    });
  }
  // Derived sizes grow to hold the containers' own reservations (explicit sizes are errors instead).
  const reservedCpu = sumOf(app.containers.map((c) => c.cpu));
  const reservedMemory = sumOf(app.containers.map((c) => c.memory));
  let size = base;
  if (reservedCpu > base.cpu || reservedMemory > base.memory) {
    const grown = smallestFargatePairAtLeast(
      Math.max(base.cpu, reservedCpu),
      Math.max(base.memory, reservedMemory),
    );
    if (grown) {
      size = grown;
      rule += `; raised to hold the containers' reservations (${reservedCpu} CPU, ${reservedMemory} MiB)`;
    }
  }
  return { size, decision: { subject, choice: describe(size), rule, from }, warnings };
}
