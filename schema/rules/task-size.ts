/**
 * An app's explicit task size: a pair Fargate offers (the message lists the valid values and the nearest
 * pair), with room for the containers' own reservations. The one check of a task size: the compiler sizes
 * apps without one from their droplets and never checks a size again.
 */
import {
  FARGATE_CPU_OPTIONS,
  FARGATE_MAX,
  describeFargateMemory,
  isValidFargatePair,
  smallestFargatePairAtLeast,
} from '../facts/fargate';
import type { FindingPath, Report } from '../report';
import type { AppSpec } from '../spec';

export function checkTaskSize(r: Report, app: AppSpec, at: FindingPath): void {
  const size = app.size;
  if (!size) return;
  if (!isValidFargatePair(size.cpu, size.memory)) {
    const cpuOk = FARGATE_CPU_OPTIONS.some((o) => o.cpu === size.cpu);
    const near = smallestFargatePairAtLeast(size.cpu, size.memory) ?? FARGATE_MAX;
    const suggestion = `the nearest valid size is cpu: ${near.cpu}, memory: ${near.memory}`;
    if (!cpuOk) {
      r.error([...at, 'size', 'cpu'], 'fargate-size', `Fargate has no task CPU value ${size.cpu}`, {
        expected: `one of: ${FARGATE_CPU_OPTIONS.map((o) => o.cpu).join(', ')}`,
        hint: suggestion,
      });
    } else {
      r.error(
        [...at, 'size', 'memory'],
        'fargate-size',
        `Fargate does not offer ${size.memory} MiB with ${size.cpu} CPU units`,
        {
          expected: `with cpu ${size.cpu}: ${describeFargateMemory(size.cpu)}`,
          hint: suggestion,
        },
      );
    }
    return;
  }
  const cpu = app.containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const memory = app.containers.reduce((sum, c) => sum + (c.memory ?? 0), 0);
  if (cpu > size.cpu) {
    r.error(
      [...at, 'size', 'cpu'],
      'container-over-task',
      `the containers reserve ${cpu} CPU units, more than the task's ${size.cpu}`,
    );
  }
  if (memory > size.memory) {
    r.error(
      [...at, 'size', 'memory'],
      'container-over-task',
      `the containers' memory limits add up to ${memory} MiB, more than the task's ${size.memory}`,
    );
  }
}
