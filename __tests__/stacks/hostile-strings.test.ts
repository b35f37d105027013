/**
 * No spec or inventory string becomes a Terraform expression or HCL structure, in any stack (the
 * digitalocean stack included, which terraform cannot plan here). Generated payloads that would read a
 * canary file go into every string field of the bundled examples and of a generated fleet (with their
 * defaults written out, an existing secret's ARN, alarm e-mails and a firewall id added), and a payload key
 * into every map, wherever validation accepts them (stacks/escape-templates.ts, stacks/hcl.ts). Every stack
 * is synthesized as JSON and as HCL, and read the way Terraform's scanner reads it
 * (helpers/template-scan.ts): the canary's path may appear in literal text only, never in code Terraform
 * evaluates or in HCL structure, so every `${…}` / `%{…}` left is one dropship emitted. Terraform itself
 * runs on such specs in __tests__/terraform/canary.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateYaml } from '../../bench/generate';
import { loadSpecText } from '../../schema/load';
import { compile } from '../../compiler';
import { cleanupSynth, exampleText, synthPlan } from '../helpers/synth';
import { hostileSpec, hostileSources, type HostileSpec } from '../helpers/hostile-spec';
import { payloadShapes, payloads } from '../helpers/payloads';
import {
  foreignCode,
  scanHcl,
  scanTemplate,
  templateStrings,
  type ScannedTemplate,
} from '../helpers/template-scan';

afterAll(cleanupSynth);

/** Named like a file, never read: the assertions look for the name. */
const CANARY = '/nonexistent/dropship-canary-3f9a1c';

const SOURCES = hostileSources([
  ['php-shop', exampleText('php-shop')],
  ['django-app', exampleText('django-app')],
  ['fleet-10', generateYaml(10)],
]);

/** `${file(…)}` and `%{if …}` without blanks or quotes around: what a strict pattern may still let in. */
const PLAIN = payloadShapes(CANARY).slice(0, 3);

/** Fields the escaping must cover: each one took a payload in at least one spec (so no test is vacuous). */
const MUST_ACCEPT = [
  /^digitalocean\.domains\[\d+\]\.records\[\d+\]\.data$/,
  /^digitalocean\.domains\[\d+\]\.records\[\d+\]\.name$/,
  /^apps\[\d+\]\.expose\.public\.paths\[\d+\]$/,
  /^apps\[\d+\]\.expose\.public\.healthCheckPath$/,
  /^apps\[\d+\]\.expose\.public\.healthyCodes$/,
  /^cutover\.healthCheck\.path$/,
  /^secrets\[\d+\]\.description$/,
  /^aws\.alarms\.notify\.emails\[\d+\]$/,
  /^secrets\[\d+\]\.arn$/,
  /^digitalocean\.databases\[\d+\]\.firewallId$/,
  /^databases\[\d+\]\.migration\.dmsInstanceClass$/,
  /^apps\[\d+\]\.egress\[\d+\]\.description$/,
];

function synthesizeBoth(spec: HostileSpec): { json: Map<string, unknown>; hcl: Map<string, string> } {
  const loaded = loadSpecText(spec.text, 'hostile.yaml');
  if (!loaded.ok) throw new Error('the hostile spec must validate');
  const plan = compile(loaded.spec);
  const json = synthPlan(plan);
  const hcl = synthPlan(plan, { hcl: true });
  const read = (dir: string, file: string) =>
    new Map(
      readdirSync(join(dir, 'stacks')).map((s) => [s, readFileSync(join(dir, 'stacks', s, file), 'utf8')]),
    );
  return {
    json: new Map([...read(json.outdir, 'cdk.tf.json')].map(([s, t]) => [s, JSON.parse(t) as unknown])),
    hcl: read(hcl.outdir, 'cdk.tf'),
  };
}

/**
 * Why `code` (a template sequence, or HCL structure) cannot be one dropship wrote: a directive, a call of a
 * function dropship never calls, or the canary's path outside a string literal (a payload that closed
 * the string it was in).
 */
function evaluated(code: string): string | undefined {
  return foreignCode(code) ?? (code.includes(CANARY) ? 'the canary outside a string' : undefined);
}

/** A template as Terraform's scanner reads it, or undefined when it cannot (a payload broke it). */
function scanned(text: string): ScannedTemplate | undefined {
  try {
    return scanTemplate(text);
  } catch {
    return undefined;
  }
}

/**
 * Where a payload would be evaluated: `<stack> <path>: <why>: <code>` for each template sequence or piece
 * of HCL structure dropship would not write; and how many strings hold the canary's path as literal text.
 */
function injections(out: { json: Map<string, unknown>; hcl: Map<string, string> }): {
  found: string[];
  literal: number;
} {
  const found: string[] = [];
  let literal = 0;
  for (const [stack, doc] of out.json)
    for (const [path, text] of templateStrings(doc as Record<string, unknown>)) {
      const template = scanned(text);
      if (!template) {
        found.push(`${stack} ${path.join('.')}: not a template: ${text}`);
        continue;
      }
      if (template.texts.some((t) => t.includes(CANARY))) literal++;
      for (const c of template.code) {
        const why = evaluated(c);
        if (why) found.push(`${stack} ${path.join('.')}: ${why}: ${c}`);
      }
    }
  for (const [stack, text] of out.hcl) {
    let hcl;
    try {
      hcl = scanHcl(text);
    } catch (err) {
      found.push(`${stack} (HCL): unreadable: ${(err as Error).message}`);
      continue;
    }
    const why = evaluated(hcl.structure);
    if (why) found.push(`${stack} (HCL structure): ${why}`);
    for (const c of hcl.strings.flatMap((s) => s.code)) {
      const inString = evaluated(c);
      if (inString) found.push(`${stack} (HCL): ${inString}: ${c}`);
    }
  }
  return { found, literal };
}

describe('hostile strings in every field', () => {
  const accepted = new Set<string>();

  it.each(SOURCES)('%s: no payload is evaluated in any stack, JSON or HCL', (_name, doc) => {
    fc.assert(
      fc.property(payloads(CANARY), (list) => {
        // The generated payload first; where validation refuses every form of it, the plainest ones.
        const spec = hostileSpec(doc, ({ index }) => [list[index % list.length], ...PLAIN]);
        spec.accepted.forEach((a) => accepted.add(a.replace(/\.<key>$/, '')));
        const { found, literal } = injections(synthesizeBoth(spec));
        expect(found).toEqual([]);
        // The payloads reached the output as text.
        expect(literal).toBeGreaterThan(spec.accepted.length / 4);
      }),
      { numRuns: 1, endOnFailure: true },
    );
  });

  it('payloads reached the fields the issue lists', () => {
    const missing = MUST_ACCEPT.filter((re) => ![...accepted].some((a) => re.test(a)));
    expect({ missing, acceptedCount: accepted.size }).toEqual({
      missing: [],
      acceptedCount: expect.any(Number),
    });
    expect(accepted.size).toBeGreaterThan(30);
    if (process.env.PRINT_ACCEPTED) console.log([...accepted].sort().join('\n'));
  });
});
