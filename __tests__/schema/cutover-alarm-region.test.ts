/**
 * cutover-alarm-region: the AWS side's health is a CLOUDWATCH_METRIC check on an alarm in aws.region, so a
 * region Route 53 does not read alarms in is refused at aws.region, when the cutover weights a hostname
 * (not with external DNS, nor without a cutover).
 */
import fc from 'fast-check';
import { ROUTE53_ALARM_REGIONS } from '../../schema/facts/route53-alarm-regions';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';
import { withCode } from '../helpers/validate';

const listed = [...ROUTE53_ALARM_REGIONS];
const region = fc.oneof(
  fc.constantFrom(...listed),
  // Regions of the spec's form that the API does not list (a future or unsupported region).
  fc.constantFrom('ap-southeast-6', 'eu-west-9', 'xx-central-1', 'us-north-1'),
);

describe('cutover-alarm-region', () => {
  it('refuses exactly an unlisted region with a weighted cutover hostname, at aws.region', () => {
    fc.assert(
      fc.property(specArbitrary, region, (shape, r) => {
        const spec = specOf({ ...shape, apps: shape.apps.map((a) => ({ ...a, minTasks: 1 as const })) });
        const aws = spec.aws as { region: string; availabilityZones: string[] };
        aws.region = r;
        aws.availabilityZones = [`${r}a`, `${r}b`];
        const found = withCode(spec, 'cutover-alarm-region');
        const weighted =
          shape.cutover && shape.dns !== 'external' && shape.apps.some((a) => a.kind === 'web');
        const refused = weighted && !ROUTE53_ALARM_REGIONS.has(r);
        expect(found.map((d) => [d.path, d.severity])).toEqual(refused ? [['aws.region', 'error']] : []);
      }),
      { numRuns: 60 },
    );
  });
});
