/**
 * Text that reads as one of cdktf's encoded number tokens (`-8.109562212591383e+298`) but is no token
 * dropship made: composed by the compiler from parts that each passed validation (an alarm e-mail it
 * lowercases, a name built from parts), it made cdktf fail at synth ("unknown number token", exit 70).
 * stacks/escape-templates.ts writes its `e` as `${"e"}`: cdktf sees no number, Terraform reads the same text.
 */
import fc from 'fast-check';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import '../../stacks';
import { escapeTemplateString } from '../../stacks/escape-templates';
import type { MigrationSpec } from '../../schema/spec';
import { cleanupSynth, loadExample, synthSpec } from '../helpers/synth';
import { revalidated } from '../helpers/validate';

afterAll(cleanupSynth);

/** The decimal text of a double in cdktf's token range (either marker), its `e` in either case. */
const tokenText = fc
  .tuple(fc.constantFrom(0xfdff, 0xfbff), fc.nat(0xffff), fc.nat(), fc.boolean())
  .map(([marker, mid, low, upper]) => {
    const bits = new DataView(new ArrayBuffer(8));
    bits.setUint16(0, marker);
    bits.setUint16(2, mid);
    bits.setUint32(4, low);
    const text = String(bits.getFloat64(0));
    return upper ? text.toUpperCase() : text;
  });
const around = fc.stringMatching(/^[a-z0-9._-]{0,8}$/);

/** cdktf's pattern for number tokens in a string, and whether a match decodes to its token range. */
const CDKTF_NUMBER_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;
function cdktfSeesANumberToken(text: string): boolean {
  const bits = new DataView(new ArrayBuffer(8));
  for (const m of text.matchAll(CDKTF_NUMBER_TEXT)) {
    const x = parseFloat(m[0]);
    if (!Number.isFinite(x)) continue;
    bits.setFloat64(0, x);
    if ([0xfdff, 0xfbff].includes(bits.getUint16(0))) return true;
  }
  return false;
}
/** What Terraform reads: `${"e"}` is the text `e`. */
const evaluated = (text: string) => text.replace(/\$\{"([eE])"\}/g, '$1');

describe('literal text that reads as a number token', () => {
  it('is written so cdktf sees no token and Terraform reads the same text, in either case', () => {
    fc.assert(
      fc.property(around, tokenText, around, (before, token, after) => {
        for (const text of [`${before}${token}${after}`, `${before}${token}${after}`.toLowerCase()]) {
          const escaped = escapeTemplateString(text);
          expect(typeof escaped).toBe('string');
          expect(cdktfSeesANumberToken(escaped as string)).toBe(false);
          expect(cdktfSeesANumberToken(escaped.toString().toLowerCase())).toBe(false);
          expect(evaluated(escaped as string)).toBe(text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an alarm e-mail the compiler lowercases into token text synthesizes, subscribed as written', () => {
    const spec = loadExample('php-shop');
    for (const [before, token, after] of fc.sample(fc.tuple(around, tokenText, around), {
      numRuns: 3,
      seed: 15,
    })) {
      const email = `a${before}${token.toUpperCase()}${after}@example.com`;
      const withEmail: MigrationSpec = {
        ...spec,
        aws: { ...spec.aws, alarms: { enabled: true, notify: { emails: [email] } } },
      };
      const synthesized = synthSpec(revalidated(withEmail));
      const network = JSON.stringify(synthesized.stackJson(synthesized.stackByRole('network').name));
      const subscriptions = JSON.parse(network) as {
        resource: Record<string, Record<string, { endpoint?: string }>>;
      };
      const endpoints = Object.values(subscriptions.resource[SnsTopicSubscription.tfResourceType]).map((s) =>
        evaluated(s.endpoint ?? ''),
      );
      expect(endpoints).toEqual([email.toLowerCase()]);
    }
  });
});
