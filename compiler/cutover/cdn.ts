/**
 * CDN host names in the cutover: a Spaces CDN custom domain is a CNAME at DigitalOcean, and CloudFront is
 * reached through a CNAME too (a CNAME may not share its name with an alias A record), so each phase
 * publishes a weighted CNAME per side: `digitalocean` to the Spaces CDN endpoint, `aws` to the
 * distribution's domain name, with the cutover TTL and the phase's weights. Neither side gets a Route 53
 * health check: both are managed CDNs, and a check on a CDN edge says little about the origin.
 */
import type { CdnHostnamePlan } from '../model/storage';
import type { CutoverCdnHostname, WeightedRecordPlan, ZonePlan } from '../model';
import { embed } from '../refs';
import { weightsFor } from './weights';

const AWS = 'aws';
const DIGITALOCEAN = 'digitalocean-spaces-cdn';

export function cutoverCdnHostnames(
  planned: CdnHostnamePlan[],
  zones: ReadonlyMap<string, ZonePlan>,
  spacesUntilDataMoved: (bucket: string) => boolean,
): CutoverCdnHostname[] {
  return planned.flatMap((h) => {
    const zone = zones.get(h.domain);
    if (!zone || zone.zoneId === undefined) return [];
    return [
      {
        hostname: h.hostname,
        domain: h.domain,
        zoneId: zone.zoneId,
        digitalocean: h.digitalocean,
        aws: h.aws,
        awsOutput: h.awsOutput,
        spacesUntilDataMoved: spacesUntilDataMoved(h.bucket),
      },
    ];
  });
}

/**
 * The weighted CNAME records of the CDN host names at `phase`. A Space's name held on the Spaces CDN until
 * cutover.dataMoved has its AWS side published at weight 0 from the first phase above 0 (at 0 the cutover
 * stack is applied before the apps stack creates the distribution, so there is no domain name to read):
 * Route 53 sends a weight-0 record no traffic while another record of the group has a weight above 0
 * (Developer Guide, "Weighted routing"), so dataMoved only changes the weights of records that already
 * exist. Deleting and creating them in that one apply left the name without a record for a moment (and a
 * `*.` wildcard answering it). Any other side at weight 0 is not published.
 */
export function cdnRecordsAt(
  hostnames: CutoverCdnHostname[],
  phase: number,
  ttl: number,
): WeightedRecordPlan[] {
  return hostnames.flatMap((h) => {
    const weights = weightsFor(h.spacesUntilDataMoved ? 0 : phase, 1);
    const key = (setId: string) => `${h.hostname}-cname-${setId}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    const side = (setIdentifier: string, weight: number, value: string): WeightedRecordPlan => ({
      key: key(setIdentifier),
      zoneId: h.zoneId,
      name: h.hostname,
      type: 'CNAME',
      setIdentifier,
      weight,
      ttl,
      records: [value],
    });
    const out: WeightedRecordPlan[] = [];
    if (weights.each > 0) out.push(side(DIGITALOCEAN, weights.each, h.digitalocean));
    if (weights.aws > 0 || phase > 0) out.push(side(AWS, weights.aws, embed(h.aws)));
    return out;
  });
}
