/**
 * php-shop with `aws.network.vpc.ipv6: true` through offline terraform init, validate and plan: the network
 * stack (VPC /56, public /64s, ::/0 route), the apps stack (dualstack ALB) and the cutover stack (AAAA pairs
 * beside the A pairs), each counted against the plan model.
 */
import { compile } from '../../compiler';
import { expectedNetworkCounts, total } from '../helpers/expected';
import { phpShopWithIpv6 } from '../helpers/ipv6';
import { atCutoverPhase, cleanupSynth, loadExample, synthPlan } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

describeTerraform('php-shop with ipv6: true: offline terraform validate + plan', () => {
  // At 10 %: both sides of every pair are published, so the AAAA alias to the ALB is planned too.
  const plan = compile(atCutoverPhase(phpShopWithIpv6(), 10));
  const ipv4Only = compile(atCutoverPhase(loadExample('php-shop'), 10));
  const out = synthPlan(plan);
  const after = (result: ReturnType<typeof planStack>, address: string) =>
    result.resourceChanges.find((r) => r.address === address)?.after;

  it('network: the plan model’s resources, one route more than IPv4-only, IPv6 where AWS needs it', () => {
    const result = planStack(out.outdir, out.stackByRole('network').name);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType).toEqual(expectedNetworkCounts(plan));
    // php-shop's 43 IPv4-only resources plus the ::/0 route and the dualstack ALB's two ::/0 rules.
    expect(total(result.createdByType)).toBe(46);
    // public: 0.0.0.0/0 and ::/0 to the internet gateway; one private table per zone: 0.0.0.0/0 to NAT.
    expect(result.createdByType.aws_route).toBe(4);
    expect(after(result, 'aws_vpc.vpc')).toMatchObject({ assign_generated_ipv6_cidr_block: true });
    expect(after(result, 'aws_route.rt-public-default-ipv6')).toMatchObject({
      destination_ipv6_cidr_block: '::/0',
    });
    for (const s of ['public-0', 'public-1']) {
      expect(after(result, `aws_subnet.subnet-${s}`)).toMatchObject({
        assign_ipv6_address_on_creation: false,
      });
      // Each public subnet's /64 is carved from the VPC's Amazon /56, which exists only after apply.
      const change = result.resourceChanges.find((r) => r.address === `aws_subnet.subnet-${s}`);
      expect(change?.afterUnknown.ipv6_cidr_block).toBe(true);
    }
    // Private subnets get no IPv6 block: known-empty at plan time, unlike the public ones' (known after apply).
    for (const s of ['private-0', 'private-1']) {
      const subnet = after(result, `aws_subnet.subnet-${s}`);
      expect(subnet).toMatchObject({ cidr_block: expect.stringMatching(/^10\.40\./) });
      expect(subnet?.ipv6_cidr_block ?? null).toBeNull();
    }
  });

  it('apps: the ALB plans as dualstack', () => {
    const result = planStack(out.outdir, out.stackByRole('apps').name);
    expect(result.validate.errorCount).toBe(0);
    expect(after(result, 'aws_lb.alb')).toMatchObject({ ip_address_type: 'dualstack' });
  });

  it('apps without ipv6: the ALB plans ipv4 explicitly (not left to the computed value, which keeps dualstack)', () => {
    const v4 = synthPlan(ipv4Only);
    const result = planStack(v4.outdir, v4.stackByRole('apps').name);
    expect(after(result, 'aws_lb.alb')).toMatchObject({ ip_address_type: 'ipv4' });
  });

  it('cutover: an AAAA pair beside every A pair, the AWS one aliased to the ALB', () => {
    const result = planStack(out.outdir, out.stackByRole('cutover').name);
    expect(result.validate.errorCount).toBe(0);
    const records = plan.cutover!.records;
    expect(result.createdByType.aws_route53_record).toBe(records.length);
    const count = (type: string, rs: typeof records) => rs.filter((r) => r.type === type).length;
    expect(count('AAAA', records)).toBe(count('A', records));
    expect(records.length).toBe(2 * ipv4Only.cutover!.records.length);
    const planned = result.resourceChanges.filter(
      (rc) => rc.type === 'aws_route53_record' && rc.after?.type === 'AAAA',
    );
    expect(planned).toHaveLength(count('AAAA', records));
    const aliased = planned.filter((rc) => (rc.after?.alias as unknown[] | undefined)?.length);
    expect(aliased.map((rc) => rc.after?.name).sort()).toEqual(['shop-example.com', 'www.shop-example.com']);
    // Every alias (A and AAAA) targets the ALB's `dualstack.` name, the one that answers AAAA.
    const dnsName = result.fakeUpstream[plan.cutover!.albState!.stack]?.alb_dns_name as string;
    expect(dnsName).toMatch(/elb\.amazonaws\.com$/);
    const targets = result.resourceChanges
      .filter((rc) => rc.type === 'aws_route53_record' && (rc.after?.alias as unknown[] | undefined)?.length)
      .map((rc) => (rc.after?.alias as { name: string }[])[0].name);
    expect(targets).toHaveLength(2 * aliased.length);
    expect(new Set(targets)).toEqual(new Set([`dualstack.${dnsName}`]));
    // Health checks: one on each droplet's IPv4 (the A records') and one on its IPv6 (the AAAA records').
    const checked = result.resourceChanges
      // The DigitalOcean side's checks probe an address; the AWS side's read an alarm (CLOUDWATCH_METRIC).
      .filter((rc) => rc.type === 'aws_route53_health_check' && rc.after?.type !== 'CLOUDWATCH_METRIC')
      .map((rc) => String(rc.after?.ip_address));
    const droplets = ipv4Only.cutover!.healthChecks.length;
    expect(checked).toHaveLength(2 * droplets);
    expect(checked.filter((ip) => ip.includes(':'))).toHaveLength(droplets);
  });
});
