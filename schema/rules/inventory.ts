/**
 * `digitalocean:`: references inside the inventory resolve (volumes, firewalls and load balancers to
 * droplets, a forwarding rule's certificate, a database's password secret), standby nodes fit the cluster, and an existing Route 53 zone is
 * named only where it serves the domain.
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';
import { resolve, type Names } from './names';

export function checkInventory(r: Report, spec: MigrationSpec, n: Names): void {
  const d = spec.digitalocean;
  const DROPLETS = 'digitalocean.droplets';
  d.volumes.forEach((v, i) => {
    if (v.droplet)
      resolve(r, n.droplets, v.droplet, () => ['digitalocean', 'volumes', i, 'droplet'], DROPLETS);
  });
  d.databases.forEach((db, i) => {
    if (db.passwordSecret) {
      resolve(
        r,
        n.secrets,
        db.passwordSecret,
        () => ['digitalocean', 'databases', i, 'passwordSecret'],
        'secrets',
      );
    }
    if (db.standbyNodes !== undefined && db.standbyNodes > db.nodes - 1) {
      r.error(
        ['digitalocean', 'databases', i, 'standbyNodes'],
        'standby-nodes',
        `${db.standbyNodes} standby nodes do not fit in a ${db.nodes}-node cluster`,
        {
          expected: `at most nodes - 1 = ${db.nodes - 1}`,
        },
      );
    }
  });
  d.firewalls.forEach((fw, i) => {
    const base = ['digitalocean', 'firewalls', i];
    fw.droplets.forEach((name, j) => resolve(r, n.droplets, name, () => [...base, 'droplets', j], DROPLETS));
    for (const dir of ['inbound', 'outbound'] as const) {
      fw[dir].forEach((rule, k) => {
        for (const side of ['sources', 'destinations'] as const) {
          const ends = rule[side];
          if (!ends) continue;
          const at = [...base, dir, k, side];
          ends.droplets.forEach((name, j) =>
            resolve(r, n.droplets, name, () => [...at, 'droplets', j], DROPLETS),
          );
          ends.loadBalancers.forEach((name, j) =>
            resolve(
              r,
              n.loadBalancers,
              name,
              () => [...at, 'loadBalancers', j],
              'digitalocean.loadBalancers',
            ),
          );
        }
      });
    }
  });
  d.domains.forEach((domain, i) => {
    // An existing zone only makes sense where it answers for the domain: with DNS at DigitalOcean or an
    // external provider, nobody queries it, and the cutover's weighted records there would move no visitor.
    if (domain.route53ZoneId !== undefined && domain.dns !== 'route53')
      r.error(
        ['digitalocean', 'domains', i, 'route53ZoneId'],
        'dns/zone-id-without-route53',
        `route53ZoneId ${domain.route53ZoneId} is set but ${domain.name} is served by ${domain.dns === 'digitalocean' ? 'DigitalOcean DNS' : 'an external provider'} (dns: ${domain.dns}): ` +
          'the cutover would weight records in a zone that answers no visitor',
        {
          expected: 'route53ZoneId only with dns: route53 (the zone that serves the domain today)',
          hint:
            domain.dns === 'digitalocean'
              ? 'remove route53ZoneId: dropship then creates the zone, copies the records and adds the delegation step'
              : 'remove route53ZoneId (the switch is then done by hand at your provider), or delegate the domain to that zone first and set dns: route53',
        },
      );
  });
  d.loadBalancers.forEach((lb, i) => {
    lb.droplets.forEach((name, j) =>
      resolve(r, n.droplets, name, () => ['digitalocean', 'loadBalancers', i, 'droplets', j], DROPLETS),
    );
    lb.forwardingRules.forEach((rule, j) => {
      if (rule.certificate !== undefined)
        resolve(
          r,
          n.certificates,
          rule.certificate,
          () => ['digitalocean', 'loadBalancers', i, 'forwardingRules', j, 'certificate'],
          'digitalocean.certificates',
        );
    });
  });
}
