/**
 * The plan calls out, per blue/green app, what it may not change while it runs (its target groups' port and
 * protocol version) and what to do instead; a rolling app, which can change them, gets no such decision.
 */
import { planDecisions } from '../../compiler';
import { compileExample } from '../helpers/synth';

const pinned = (example: string) =>
  planDecisions(compileExample(example)).filter((d) => d.subject.endsWith('.deployment.pinned'));

it('a blue/green app states its pinned port and protocol and the way to change them', () => {
  const [decision, ...more] = pinned('blue-green');
  expect(more).toEqual([]);
  expect(decision.subject).toBe('apps.web.deployment.pinned');
  expect(decision.choice).toBe('target groups fixed at port 8080, HTTP1, while the app deploys blue-green');
  expect(decision.rule).toMatch(/plan --base` refuses/);
  expect(decision.rule).toMatch(/ResourceInUse/);
  expect(decision.rule).toMatch(/strategy: rolling/);
});

it('rolling apps get none', () => {
  expect(pinned('php-shop')).toEqual([]);
});
