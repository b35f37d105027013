/**
 * Payloads that read a canary file if Terraform ever evaluates them, for the escaping tests: template
 * sequences (`${file(…)}`, `%{if …}`, `%{for …}`), the same after `$` or `$$` (which escape, or not),
 * before a `$`, and breakouts of HCL strings (a quote, a line `EOF` with blanks or `\r`, a new block).
 * Every payload names the canary's path, so any evaluated sequence or HCL structure that holds the path is
 * an injection, whatever Terraform would have done with it.
 */
import fc from 'fast-check';

/** The ways a payload may try to become an expression or HCL structure, reading `canary`. */
export function payloadShapes(canary: string): string[] {
  const read = `file("${canary}")`;
  return [
    `\${${read}}`,
    `\${tonumber(${read})}`,
    `%{if ${read}!=""}x%{endif}`,
    `%{for c in [${read}]}\${c}%{endfor}`,
    `$\${${read}}`,
    `$$\${${read}}`,
    `\${${read}}$`,
    `%%{if ${read}!=""}x%{endif}`,
    `"\${${read}}"`,
    `\\"}\${${read}}`,
    // Heredoc and string breakouts (synth --hcl): the rest of the value as HCL.
    `\nEOF\nlocals {\n  pwn = ${read}\n}\n`,
    ` \r\nEOF \r\nlocals { pwn = ${read} }\r\n`,
    `\n\tEOF\nlocals { pwn = ${read} }\nx = <<EOF\n`,
    `"\nlocals { pwn = ${read} }\nx = "`,
  ];
}

/** Payloads for injection sites: a shape, framed by characters that meet the escapes at their edges. */
export function payloads(canary: string): fc.Arbitrary<string[]> {
  const edge = fc.constantFrom('', '$', '%', '$$', '{', '}', '"', '\\', ' ', '\n');
  const one = fc
    .tuple(edge, fc.constantFrom(...payloadShapes(canary)), edge)
    .map(([before, shape, after]) => `${before}${shape}${after}`);
  return fc.array(one, { minLength: 8, maxLength: 24 });
}
