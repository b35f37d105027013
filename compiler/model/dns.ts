/**
 * The DNS part of the plan model: Route 53 hosted zones (created, existing or none) and the records copied
 * from DigitalOcean.
 */
import type { DomainSpec } from '../../schema/spec';
import type { Decision, ManualStep } from './record';
import type { Address, Value } from './refs';

/** Record types Route 53 accepts in a copied zone (SOA and apex NS belong to the zone itself). */
export type CopiedRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS' | 'SRV' | 'CAA';

/** A simple (non-weighted) Route 53 record set, in the value format `aws_route53_record.records` takes. */
export interface RecordSetPlan {
  /** Stable, unique within the zone: the resource id suffix, e.g. `www-a`, `apex-mx`. */
  key: string;
  /** Fully qualified, lowercase, without the trailing dot. */
  name: string;
  type: CopiedRecordType;
  ttl: number;
  /** One entry per value, already in Route 53's presentation format (MX `10 host.`, CAA `0 issue "x"`). */
  records: string[];
  /** The inventory records it comes from (`<type> <name> id <id>`), for the reviewer. */
  sources: string[];
}

export interface ZonePlan {
  domain: string;
  /** Where the domain's DNS is hosted today (the spec's `dns`). */
  hostedAt: DomainSpec['dns'];
  /** create: a new aws_route53_zone; existing: the spec's route53ZoneId; none: external DNS, no zone. */
  mode: 'create' | 'existing' | 'none';
  /** The domain's slug in its ids, unique among the domains (compiler/dns.ts zoneSlugs; mode create). */
  slug?: string;
  /** `aws_route53_zone.zone-<slug>` in the dns stack (mode create). */
  address?: Address<'aws_route53_zone'>;
  /** The zone id for records: a reference to the new zone, the literal id of an existing one. */
  zoneId?: Value<'aws_route53_zone'>;
  /** Terraform refuses to destroy the zone (production): deleting it would take the domain offline. */
  preventDestroy: boolean;
  /** The zone's comment, written when dropship creates the zone (mode create). */
  comment: string;
  /** Records dropship does not manage are never deleted with the zone. */
  forceDestroy: false;
  /** Terraform output name for the new zone's nameservers (mode create). */
  nameServersOutput?: string;
  /** Inventory records copied into the new zone (mode create from DigitalOcean only). */
  copiedRecords: RecordSetPlan[];
  /** Inventory records not copied, with the reason (apex NS/SOA, taken over by the cutover). */
  notCopied: { record: string; reason: string }[];
}

export interface DnsPlan {
  zones: ZonePlan[];
  decisions: Decision[];
  manualSteps: ManualStep[];
}
