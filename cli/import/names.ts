/**
 * DigitalOcean names (`example.com`, `Prod Web LB`) become migration.yaml resource names: lowercase
 * letters, digits and hyphens, starting with a letter, at most 48 characters, unique per kind.
 */
import { createHash } from 'node:crypto';

export const MAX_NAME = 48;

export function toResourceName(name: string, fallback: string, max = MAX_NAME): string {
  let out = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (out === '') out = fallback;
  if (!/^[a-z]/.test(out)) out = `${fallback}-${out}`;
  if (out.length > max) {
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
    out = `${out.slice(0, max - 7).replace(/-+$/, '')}-${hash}`;
  }
  return out;
}

/** Hands out unique names in call order: the second `web` becomes `web-2`. */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(
    private readonly fallback: string,
    private readonly max = MAX_NAME,
  ) {}

  allocate(wanted: string): string {
    const base = toResourceName(wanted, this.fallback, this.max);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) {
      const suffix = `-${n}`;
      name = `${base.slice(0, this.max - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.taken.add(name);
    return name;
  }

  reserve(name: string): void {
    this.taken.add(name);
  }
}
