/**
 * Resolves the compiler's symbolic references (`compiler/refs.ts`) to cdktf tokens. Producers register the
 * token of each value they create; consumers built later look it up. A token from another stack becomes a
 * cross-stack reference (output + remote state) automatically.
 */
import { isRef } from '../compiler/refs';
import { type Value } from '../compiler/model/refs';

export class RefRegistry {
  private readonly values = new Map<string, string>();

  set(key: string, token: string): void {
    if (this.values.has(key)) throw new Error(`reference ${key} registered twice`);
    this.values.set(key, token);
  }

  /** The literal itself, or the token registered for a reference (an unknown key is a compiler bug). */
  resolve(value: Value): string {
    if (!isRef(value)) return value;
    const token = this.values.get(value.ref);
    if (token === undefined) throw new Error(`unresolved reference ${value.ref}: no stack produced it`);
    return token;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }
}
