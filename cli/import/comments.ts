/** A comment to attach to the emitted YAML at a spec path. */
export type SpecPath = (string | number)[];

export interface YamlComment {
  path: SpecPath;
  text: string;
  /** before: own lines above the key or list item; after: at the end of the value's line. */
  placement: 'before' | 'after';
}
