/**
 * The escaping of literal text in every element (stacks/escape-templates.ts, hooked in
 * stacks/planned-stack.ts): `${` and `%{` in data never reach Terraform as a template sequence, in the
 * contexts Terraform reads as templates, while references dropship writes stay references and settings
 * Terraform reads literally stay as written. Checked on the synthesized JSON and HCL of a small stack,
 * in every path that synthesizes (app.synth with and without cdktf's own preparing pass, Testing.synth,
 * Testing.synthHcl), and with generated strings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { App, DataTerraformRemoteStateLocal, LocalBackend, TerraformOutput, Testing, Token } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import '../../stacks'; // installs the fast resolver and the HCL fixes, as dropship synth does
import { installHclEscaping } from '../../stacks/hcl';
import { PlannedStack } from '../../stacks/planned-stack';
import { escapeTemplateLiteral, escapeTemplateString } from '../../stacks/escape-templates';
import { scanHcl, scanTemplate, SEQUENCE_PLACEHOLDER } from '../helpers/template-scan';

const HOSTILE = 'a ${file("/etc/hostname")} %{ if true }b%{ endif } $${c} %%{d} e$';

interface Built {
  app: App;
  stack: PlannedStack;
}

/** A stack with hostile text in each context, next to references dropship writes. */
function build(outdir: string, hcl = false): Built {
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = hcl ? 'true' : 'false';
  const app = new App({ outdir, skipValidation: true, hclOutput: hcl });
  const stack = new PlannedStack(app, 'hostile');
  const upstream = new PlannedStack(app, 'upstream');
  if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
  else process.env.SYNTH_HCL_OUTPUT = saved;
  new LocalBackend(stack, { path: `state/${HOSTILE}.tfstate` });
  new LocalBackend(upstream, { path: 'state/upstream.tfstate' });
  for (const s of [stack, upstream])
    new AwsProvider(s, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { [HOSTILE]: HOSTILE } }] });
  const producer = new SnsTopic(upstream, 'producer', { name: 'producer' });
  const topic = new SnsTopic(stack, 'topic', { name: 'topic', tags: { [`k ${HOSTILE}`]: HOSTILE } });
  new SsmParameter(stack, 'mixed', {
    name: 'mixed',
    type: 'String',
    // Literal text around references: in this stack, and through a cross-stack reference.
    value: `${HOSTILE}${topic.arn}|${HOSTILE}${producer.arn}|$$${topic.name}`,
    description: HOSTILE,
  });
  new DataTerraformRemoteStateLocal(stack, 'explicit', { path: `state/${HOSTILE}.tfstate` });
  new TerraformOutput(stack, 'out', { value: `${HOSTILE}${topic.arn}`, description: HOSTILE });
  return { app, stack };
}

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

function synthJson(asShipped = false): { hostile: Json } {
  const outdir = mkdtempSync(join(tmpdir(), 'dropship-escape-'));
  const saved = process.env.DROPSHIP_CDKTF_RESOLVE;
  if (asShipped) process.env.DROPSHIP_CDKTF_RESOLVE = '1';
  try {
    build(outdir).app.synth();
    const read = (s: string) =>
      JSON.parse(readFileSync(join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8')) as Json;
    return { hostile: read('hostile') };
  } finally {
    if (saved === undefined) delete process.env.DROPSHIP_CDKTF_RESOLVE;
    else process.env.DROPSHIP_CDKTF_RESOLVE = saved;
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The literal text of a template, with each sequence as `<…>`: what Terraform makes of it. */
function read(template: string): string {
  const { literal, sequences } = scanTemplate(template);
  let i = 0;
  return literal.replace(new RegExp(SEQUENCE_PLACEHOLDER, 'g'), () => `<${sequences[i++]}>`);
}

describe('escaping in the synthesized JSON', () => {
  const json = synthJson().hostile;
  const resource = json.resource as Record<string, Record<string, Record<string, unknown>>>;

  it('escapes resource arguments and map keys: Terraform reads the text as written', () => {
    const tags = resource.aws_sns_topic.topic.tags as Record<string, string>;
    expect(Object.entries(tags).map(([k, v]) => [read(k), read(v)])).toEqual([[`k ${HOSTILE}`, HOSTILE]]);
    expect(read(resource.aws_ssm_parameter.mixed.description as string)).toBe(HOSTILE);
  });

  it('keeps the references beside literal text, with a trailing `$` kept out of the escape', () => {
    const value = resource.aws_ssm_parameter.mixed.value as string;
    expect(read(value)).toBe(
      `${HOSTILE.slice(0, -1)}<\${"$"}><\${aws_sns_topic.topic.arn}>|` +
        `${HOSTILE.slice(0, -1)}<\${"$"}><\${data.terraform_remote_state.cross-stack-reference-input-upstream.outputs.cross-stack-output-aws_sns_topicproducerarn}>|` +
        `<\${"$$"}><\${aws_sns_topic.topic.name}>`,
    );
  });

  it('escapes provider arguments (default tags), not the terraform block (backend settings are literal)', () => {
    const provider = (json.provider as unknown as Record<string, Record<string, unknown>[]>).aws[0];
    const tags = (provider.default_tags as { tags: Record<string, string> }[])[0].tags;
    expect(Object.entries(tags).map(([k, v]) => [read(k), read(v)])).toEqual([[HOSTILE, HOSTILE]]);
    expect((json.terraform as unknown as { backend: { local: { path: string } } }).backend.local.path).toBe(
      `state/${HOSTILE}.tfstate`,
    );
  });

  it('escapes remote-state settings (a data source reads them as templates) but keeps cdktf’s workspace', () => {
    const remote = (json.data as Record<string, Record<string, Record<string, unknown>>>)
      .terraform_remote_state;
    expect(read((remote.explicit.config as { path: string }).path)).toBe(`state/${HOSTILE}.tfstate`);
    const crossStack = remote['cross-stack-reference-input-upstream'];
    expect(crossStack.workspace).toBe('${terraform.workspace}');
  });

  it('escapes an output value, not its description (read literally)', () => {
    const out = (json.output as unknown as Record<string, { value: string; description: string }>).out;
    expect(read(out.value)).toBe(`${HOSTILE.slice(0, -1)}<\${"$"}><\${aws_sns_topic.topic.arn}>`);
    expect(out.description).toBe(HOSTILE);
  });

  it('escapes exactly once in every path that synthesizes', () => {
    expect(synthJson(true).hostile).toEqual(json);
    const outdir = mkdtempSync(join(tmpdir(), 'dropship-escape-'));
    try {
      const { stack } = build(outdir);
      const viaTesting = JSON.parse(Testing.synth(stack)) as Json;
      // Testing.synth skips prepareStack (no cross-stack reference is registered) and drops `//` metadata.
      const { '//': _metadata, ...topic } = json.resource.aws_sns_topic.topic;
      expect(viaTesting.resource.aws_sns_topic.topic).toEqual(topic);
      expect(viaTesting.provider).toEqual(json.provider);
      expect(viaTesting.terraform.backend).toEqual(json.terraform.backend);
      // Asked twice (cdktf's own synth resolves every element twice): the same text.
      expect(JSON.parse(Testing.synth(stack))).toEqual(viaTesting);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('escaping in the synthesized HCL', () => {
  installHclEscaping();
  const outdir = mkdtempSync(join(tmpdir(), 'dropship-escape-hcl-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes every value as an escaped quoted string: the hostile text is literal, references stay', () => {
    build(outdir, true).app.synth();
    const hcl = readFileSync(join(outdir, 'stacks', 'hostile', 'cdk.tf'), 'utf8');
    const scanned = scanHcl(hcl);
    const literals = scanned.strings.map((s) => s.literal);
    // The backend path, the description, the output's description: all literal in native syntax.
    expect(literals.filter((l) => l === `state/${HOSTILE}.tfstate`)).toHaveLength(2);
    expect(literals.filter((l) => l === HOSTILE).length).toBeGreaterThanOrEqual(4);
    const sequences = scanned.strings.flatMap((s) => s.sequences);
    expect(sequences.some((q) => q.includes('file('))).toBe(false);
    expect(sequences).toContain('${aws_sns_topic.topic.arn}');
    expect(scanned.structure).not.toMatch(/file|endif/);
  });
});

describe('escapeTemplateString', () => {
  // Text with template-like pieces, `$` and `%` runs and braces, in any order.
  const text = fc
    .array(fc.constantFrom('$', '%', '{', '}', '${', '%{', '$${', '%%{', 'a', ' ', '"', '\\', 'TfToken['), {
      maxLength: 12,
    })
    .map((parts) => parts.join(''));

  it('makes any literal text read back as itself, with no template sequence', () => {
    fc.assert(
      fc.property(text, (s) => {
        const escaped = escapeTemplateLiteral(s);
        expect(escapeTemplateString(s)).toBe(escaped);
        expect(scanTemplate(escaped)).toEqual({ literal: s, sequences: [], code: [], texts: [s] });
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps text that needs no escape as the same string', () => {
    for (const s of ['plain', '10.0.0.0/16', '$5 or 5%', '{"a": 1}', '${TfToken[TOKEN.1]}'])
      expect(escapeTemplateString(s)).toBe(s);
  });

  it('writes literal text around any tokens as Terraform reads it back, the tokens untouched', () => {
    const app = Testing.app();
    const stack = new PlannedStack(app, 'gen');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const topic = new SnsTopic(stack, 'topic', { name: 't' });
    const refs = [topic.arn, topic.name, Token.asString(topic.arn)];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.constantFrom(0, 1, 2)), { minLength: 1, maxLength: 4 }),
        text,
        (pairs, tail) => {
          const value = pairs.map(([lit, r]) => `${lit}${refs[r]}`).join('') + tail;
          const param = new SsmParameter(stack, `p${Math.random().toString(36).slice(2)}`, {
            name: 'n',
            type: 'String',
            value,
          });
          const json = JSON.parse(Testing.synth(stack)) as Json;
          const written = json.resource.aws_ssm_parameter[param.friendlyUniqueId].value as string;
          param.node.scope?.node.tryRemoveChild(param.node.id);
          const expected =
            pairs.map(([lit, r]) => `${lit}<\${aws_sns_topic.topic.${r === 1 ? 'name' : 'arn'}}>`).join('') +
            tail;
          // A trailing `$` run before a reference is written as `${"$…"}`: read it back as its text.
          expect(read(written).replace(/<\$\{"(\$+)"\}>/g, '$1')).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
