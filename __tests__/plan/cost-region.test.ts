/**
 * The price table holds us-east-1 list prices only (compiler/prices.ts; ../shared/reference sources no
 * regional ones): for a target in another region the estimate says so, counts as incomplete and states no
 * difference, since a "cheaper by $X" would compare DigitalOcean with another region's prices (issue 19).
 */
import { estimateCost } from '../../compiler/analyses/cost';
import type { StackJson } from '../../compiler/analyses/checks';
import { baseSpecInput, specFrom } from '../helpers/synth';

const stacks: StackJson[] = [
  {
    name: 'data',
    json: {
      resource: {
        aws_db_instance: {
          main: { identifier: 'main', instance_class: 'db.t4g.medium', allocated_storage: 20 },
        },
      },
    },
  },
];

const inRegion = (region: string) =>
  specFrom({
    ...baseSpecInput(),
    aws: { ...baseSpecInput().aws, region, availabilityZones: [`${region}a`, `${region}b`] },
    digitalocean: { droplets: [{ name: 'web-1', size: 's-2vcpu-4gb', region: 'fra1' }] },
  });

describe('cost estimate outside us-east-1', () => {
  it('us-east-1: a difference is stated', () => {
    const cost = estimateCost(inRegion('us-east-1'), stacks);
    expect(cost.incomplete).toEqual([]);
    expect(cost.totals.differenceUsd).not.toBeNull();
  });

  it('eu-central-1: the AWS lines are us-east-1 prices, so the estimate is incomplete and states no difference', () => {
    const cost = estimateCost(inRegion('eu-central-1'), stacks);
    expect(cost.totals.differenceUsd).toBeNull();
    expect(cost.incomplete).toContain(
      'AWS prices for eu-central-1: the price table holds us-east-1 list prices only, so every AWS line above is a us-east-1 figure',
    );
    expect(cost.notes.some((n) => n.includes("us-east-1 list price, not eu-central-1's"))).toBe(true);
    // The figures are still shown, for what they are worth.
    expect(cost.totals.awsUsd).toBeGreaterThan(0);
  });
});
