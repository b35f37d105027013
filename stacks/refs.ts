/**
 * Resolves the plan's references (compiler/model/refs.ts) to cdktf tokens. The renderer of each resource a
 * plan gives an address provides the token of each attribute other resources may read; consumers built
 * later look them up. A token from another stack becomes a cross-stack reference (output + remote state)
 * automatically.
 */
import { isRef, refId } from '../compiler/refs';
import type { Address, Ref, ResourceAttributes, ResourceType, Value } from '../compiler/model/refs';

/** What a renderer provides for a resource: a token (or a literal it knows) per attribute of its type. */
export type ProvidedAttributes<T extends ResourceType> = { readonly [A in ResourceAttributes[T]]: string };

export class RefRegistry {
  private readonly values = new Map<string, string>();

  /** Every attribute of the resource at `address`, by the plan's address (never by a spelled key). */
  provide<T extends ResourceType>(to: Address<T>, attributes: ProvidedAttributes<T>): void {
    for (const [attribute, token] of Object.entries(attributes) as [string, string][])
      this.register(refId({ to, attribute } as Ref), token);
  }

  private register(id: string, token: string): void {
    if (this.values.has(id)) throw new Error(`reference ${id} registered twice`);
    this.values.set(id, token);
  }

  /** The literal itself, or the token registered for a reference (an unknown one is a compiler bug). */
  resolve(value: Value): string {
    if (!isRef(value)) return value;
    const id = refId(value);
    const token = this.values.get(id);
    if (token === undefined) throw new Error(`unresolved reference ${id}: no stack produced it`);
    return token;
  }

  has(value: Ref): boolean {
    return this.values.has(refId(value));
  }
}
