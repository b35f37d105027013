/**
 * A spec that passed zod and every rule (schema/rules/): the only kind the compiler takes. The brand exists
 * in types only, and only the loader (schema/load.ts) gives it, so a spec built or edited in code reaches the
 * compiler only through the rules again: the compiler keeps no checks of its own for what they refuse.
 */
import type { MigrationSpec } from './spec';

declare const valid: unique symbol;

export type ValidSpec = MigrationSpec & { readonly [valid]: true };
