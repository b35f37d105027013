/**
 * Lookups by name in the spec's and the plan's lists (droplets, load balancers, apps). Questions asked per
 * app about each of its droplets would otherwise scan the whole inventory every time: at 1,000 apps and
 * 1,090 droplets, a million comparisons per question. Each list is indexed once, on first use; a list that
 * has grown since is indexed again. Names are unique within a list (schema/rules.ts); with a duplicate, the
 * first entry wins, as with `Array.prototype.find`.
 */

interface NameIndex {
  length: number;
  positions: Map<string, number>;
}

const indexes = new WeakMap<readonly { name: string }[], NameIndex>();

/** The position of the entry named `name` in `list`, or -1 (as `findIndex`). */
export function indexByName(list: readonly { name: string }[], name: string): number {
  let index = indexes.get(list);
  if (!index || index.length !== list.length) {
    const positions = new Map<string, number>();
    list.forEach((entry, i) => {
      if (!positions.has(entry.name)) positions.set(entry.name, i);
    });
    index = { length: list.length, positions };
    indexes.set(list, index);
  }
  return index.positions.get(name) ?? -1;
}

/** The entry named `name` in `list`, or undefined (as `find`). */
export function findByName<T extends { name: string }>(list: readonly T[], name: string): T | undefined {
  const i = indexByName(list, name);
  return i < 0 ? undefined : list[i];
}
