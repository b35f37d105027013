/**
 * resolveText renders text with embedded references for any resolver, not only the RefRegistry: the cutover
 * stack resolves the ALB's references through remote state with it. Its literal parts are escaped later,
 * with every other literal of the element (stacks/escape-templates.ts), so here they stay as written.
 */
import { address, embed, isRef, ref, refId } from '../../compiler/refs';
import { type Value } from '../../compiler/model/refs';
import { resolveText } from '../../stacks/apps/text';

describe('resolveText', () => {
  const resolver = {
    resolve: (value: Value) => (isRef(value) ? `\${remote.${refId(value)}}` : value),
  };

  it('resolves each embedded reference with the given resolver and keeps the literal parts', () => {
    const alb = address('shop-production-apps', 'aws_lb', 'alb');
    const text = `dualstack.${embed(ref(alb, 'dns_name'))}/\${HOME}/%{x}`;
    expect(resolveText(text, resolver)).toBe(
      'dualstack.${remote.shop-production-apps/aws_lb.alb.dns_name}/${HOME}/%{x}',
    );
  });

  it('text without references is returned as it is', () => {
    expect(resolveText('plain ${x}', resolver)).toBe('plain ${x}');
  });
});
