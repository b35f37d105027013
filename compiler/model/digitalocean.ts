/**
 * The DigitalOcean side of the plan model: record TTLs lowered before the cutover and the database
 * firewalls that trust the AWS NAT addresses.
 */
import type { DnsRecordSpec } from '../../schema/spec';
import type { Decision, ManualStep } from './record';
import type { Value } from './refs';

export interface DoRecordTtlPlan {
  /** Stable resource id suffix. */
  key: string;
  domain: string;
  /** `terraform import` id of a digitalocean_record: `<domain>,<record id>`. */
  importId: string;
  type: DnsRecordSpec['type'];
  name: string;
  value: string;
  oldTtl: number;
  ttl: number;
  priority?: number;
  port?: number;
  weight?: number;
  flags?: number;
  tag?: string;
  /**
   * Terraform refuses to delete it: the record serves the domain until the nameservers move, and deleting
   * a digitalocean_record deletes the live record. Leaving dropship's management is a `removed` block.
   */
  preventDestroy: true;
}

export interface DoDatabaseFirewallPlan {
  key: string;
  database: string;
  /** The cluster UUID: the import id of its digitalocean_database_firewall. */
  clusterId: string;
  rules: { type: 'ip_addr' | 'droplet'; value: Value }[];
  reason: string;
  /**
   * Terraform refuses to delete it: the provider deletes a database firewall by emptying its trusted
   * sources, which opens the cluster (still the rollback target) to any address.
   */
  preventDestroy: true;
}

export interface DoFirewallRulePlan {
  protocol: 'tcp' | 'udp' | 'icmp';
  /** `80`, `8000-9000`, `1-65535`; omitted for icmp. */
  portRange?: string;
  sourceAddresses: Value[];
}

export interface DoFirewallPlan {
  key: string;
  name: string;
  dropletIds: number[];
  droplets: string[];
  inbound: DoFirewallRulePlan[];
}

export interface DigitalOceanPlan {
  /** Whether the digitalocean stack has anything to render. */
  enabled: boolean;
  records: DoRecordTtlPlan[];
  databaseFirewalls: DoDatabaseFirewallPlan[];
  firewalls: DoFirewallPlan[];
  /** The AWS egress addresses DigitalOcean must trust. */
  natIps: Value[];
  decisions: Decision[];
  manualSteps: ManualStep[];
}
