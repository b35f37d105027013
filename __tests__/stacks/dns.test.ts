import { readFileSync } from 'node:fs';
import { Testing } from 'cdktf';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { compile } from '../../compiler';
import {
  cleanupSynth,
  examples,
  loadSpec,
  resourcesOfType,
  synthPlan,
  type TerraformJson,
} from '../helpers/synth';

Testing.setupJest();
afterAll(cleanupSynth);

describe('dns stack, synthesized', () => {
  for (const { name, file } of examples()) {
    const spec = loadSpec(file);
    it(`${name}: a zone per DigitalOcean-hosted domain with its copied records; existing zones untouched`, () => {
      const plan = compile(spec);
      // An example without domains (github-deploy) has no dns stack.
      if (!plan.stacks.some((s) => s.role === 'dns')) return expect(spec.digitalocean.domains).toEqual([]);
      const out = synthPlan(plan);
      const text = readFileSync(out.stackFile(out.stackByRole('dns').name), 'utf8');
      const json = JSON.parse(text) as TerraformJson;
      const zones = resourcesOfType(json, 'aws_route53_zone');
      const created = plan.dns.zones.filter((z) => z.mode === 'create');
      expect(Object.values(zones).map((z) => z.name)).toEqual(created.map((z) => z.domain));
      // no data source: nothing in this stack calls AWS at plan time to find a zone
      expect(json.data ?? {}).toEqual({});
      const records = resourcesOfType(json, 'aws_route53_record');
      expect(Object.keys(records).length).toBe(created.reduce((n, z) => n + z.copiedRecords.length, 0));
      for (const zone of created) {
        expect(text).toHaveResourceWithProperties(Route53Zone, { name: zone.domain, force_destroy: false });
        expect(json.output?.[zone.nameServersOutput!]).toBeDefined();
        for (const set of zone.copiedRecords) {
          expect(text).toHaveResourceWithProperties(Route53Record, {
            name: set.name,
            type: set.type,
            ttl: set.ttl,
            records: set.records,
          });
        }
      }
      for (const config of Object.values(records)) {
        expect(config.set_identifier).toBeUndefined();
        expect(config.weighted_routing_policy).toBeUndefined();
      }
    });
  }

  it('php-shop: the copied MX, TXT and CAA records, and the nameserver output', () => {
    const out = synthPlan(compile(loadSpec(examples().find((e) => e.name === 'php-shop')!.file)));
    const json = out.stackJson(out.stackByRole('dns').name);
    const records = Object.values(resourcesOfType(json, 'aws_route53_record')).map((r) => [
      r.type,
      r.records,
    ]);
    expect(records).toEqual([
      ['CAA', ['0 issue "amazon.com"']],
      ['MX', ['10 mx.mail-provider.example.']],
      ['TXT', ['v=spf1 include:_spf.mail-provider.example ~all']],
    ]);
    expect(json.output?.name_servers_shop_example_com?.value).toBe(
      '${aws_route53_zone.zone-shop-example-com.name_servers}',
    );
    // production: the zone cannot be destroyed by a stray `terraform destroy`
    expect(resourcesOfType(json, 'aws_route53_zone')['zone-shop-example-com'].lifecycle).toEqual({
      prevent_destroy: true,
    });
  });
});
