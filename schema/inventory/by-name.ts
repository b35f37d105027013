/**
 * Lookups by name in the spec's and the plan's lists (droplets, load balancers, apps). Questions asked per
 * app about each of its droplets would otherwise scan the whole inventory every time: at 1,000 apps and
 * 1,090 droplets, a million comparisons per question. Each list is indexed on first use. Names are unique
 * within a list (schema/rules.ts); with a duplicate, the first entry wins, as with `Array.prototype.find`.
 *
 * The index is checked, not trusted: a hit must still name the entry at that position, and a miss looks
 * again after indexing anew, so a list sorted, renamed or grown since it was indexed answers as `find`
 * would. Misses are rare (validation refuses unknown names), so indexing anew on one costs little.
 */

const indexes = new WeakMap<readonly { name: string }[], Map<string, number>>();

function indexOf(list: readonly { name: string }[]): Map<string, number> {
  const positions = new Map<string, number>();
  list.forEach((entry, i) => {
    if (!positions.has(entry.name)) positions.set(entry.name, i);
  });
  indexes.set(list, positions);
  return positions;
}

/** The position of the entry named `name` in `list`, or -1 (as `findIndex`). */
export function indexByName(list: readonly { name: string }[], name: string): number {
  const known = indexes.get(list)?.get(name);
  if (known !== undefined && list[known]?.name === name) return known;
  return indexOf(list).get(name) ?? -1;
}

/** The entry named `name` in `list`, or undefined (as `find`). */
export function findByName<T extends { name: string }>(list: readonly T[], name: string): T | undefined {
  const i = indexByName(list, name);
  return i < 0 ? undefined : list[i];
}
