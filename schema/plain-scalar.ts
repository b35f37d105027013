/**
 * An unquoted scalar that YAML's core schema reads as a number or a boolean (`8080`, `0755`, `1.10`, `true`),
 * kept with the text it was written as. Both YAML readers produce it; scalar-text.ts decides, by the spec
 * schema, which of the two a field gets.
 */
export class PlainScalar {
  constructor(
    readonly value: number | boolean,
    /** The scalar as written (for a multi-line plain scalar: folded, as YAML reads it). */
    readonly text: string,
  ) {}
}
