/** Small helpers over lists that the rules and several compiler parts need. */

/** `items` in consecutive slices of at most `size` (AWS and DigitalOcean limits per call or per resource). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
