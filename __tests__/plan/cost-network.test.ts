/**
 * The cost of what the network relies on: interface VPC endpoints (per endpoint per zone-hour) and public
 * IPv4 addresses (NAT Elastic IPs, an internet-facing ALB's address per zone), on generated fleets and on a
 * synthesized `nat: none` plan, where they used to be missing from the total.
 */
import fc from 'fast-check';
import { estimateCost, type CostLine } from '../../compiler/analyses/cost';
import { AWS_PRICES, HOURS_PER_MONTH } from '../../compiler/prices';
import type { StackJson } from '../../compiler/analyses/checks';
import { baseSpecInput, specFrom, synthSpec, cleanupSynth } from '../helpers/synth';
import { compile } from '../../compiler';

const spec = specFrom(baseSpecInput());
const subnets = (n: number) => Array.from({ length: n }, (_, i) => `\${aws_subnet.private-${i}.id}`);
const find = (lines: CostLine[], item: string) => lines.find((l) => l.item === item);

afterAll(() => cleanupSynth());

describe('interface endpoints and public IPv4 in the cost estimate', () => {
  it('prices every interface endpoint per zone and hour, gateway endpoints at nothing, and NAT and ALB addresses', () => {
    const fleet = fc.record({
      endpointZones: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 8 }),
      gateways: fc.integer({ min: 0, max: 2 }),
      eips: fc.integer({ min: 0, max: 3 }),
      albs: fc.array(
        fc.record({
          zones: fc.integer({ min: 2, max: 6 }),
          internal: fc.boolean(),
          ipType: fc.constantFrom('ipv4', 'dualstack', 'dualstack-without-public-ipv4'),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fleet, ({ endpointZones, gateways, eips, albs }) => {
        const endpoints: Record<string, Record<string, unknown>> = {};
        endpointZones.forEach((z, i) => {
          endpoints[`i${i}`] = { vpc_endpoint_type: 'Interface', subnet_ids: subnets(z) };
        });
        for (let g = 0; g < gateways; g++) endpoints[`g${g}`] = { vpc_endpoint_type: 'Gateway' };
        const stacks: StackJson[] = [
          {
            name: 'network',
            json: {
              resource: {
                aws_vpc_endpoint: endpoints,
                aws_eip: Object.fromEntries(Array.from({ length: eips }, (_, i) => [`nat-${i}`, {}])),
                aws_lb: Object.fromEntries(
                  albs.map((a, i) => [
                    `alb${i}`,
                    {
                      name: `alb${i}`,
                      internal: a.internal,
                      ip_address_type: a.ipType,
                      subnets: subnets(a.zones),
                    },
                  ]),
                ),
              },
            },
          },
        ];
        const e = estimateCost(spec, stacks);
        const zones = endpointZones.reduce((t, z) => t + z, 0);
        const endpointLine = find(e.aws, 'VPC interface endpoints');
        if (zones === 0) expect(endpointLine).toBeUndefined();
        else
          expect(endpointLine!.monthlyUsd).toBeCloseTo(
            zones * HOURS_PER_MONTH * AWS_PRICES.interfaceEndpointAzHour.usd,
            2,
          );
        const albAddresses = albs
          .filter((a) => !a.internal && a.ipType !== 'dualstack-without-public-ipv4')
          .reduce((t, a) => t + a.zones, 0);
        const ipLine = find(e.aws, 'Public IPv4 addresses');
        if (eips + albAddresses === 0) expect(ipLine).toBeUndefined();
        else {
          expect(ipLine!.monthlyUsd).toBeCloseTo(
            (eips + albAddresses) * HOURS_PER_MONTH * AWS_PRICES.publicIpv4Hour.usd,
            2,
          );
          expect(ipLine!.detail).toMatch(new RegExp(`^${eips + albAddresses} \\(`));
        }
        expect(e.unpriced).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('lists an endpoint whose zones it cannot read as missing (an incomplete estimate, no difference) instead of guessing', () => {
    const stacks: StackJson[] = [
      {
        name: 'network',
        json: {
          resource: {
            aws_vpc_endpoint: {
              a: { vpc_endpoint_type: 'Interface', subnet_ids: '${var.subnets}' },
              b: { vpc_endpoint_type: 'Interface', subnet_ids: subnets(2) },
            },
            aws_lb: { alb: { name: 'alb', subnets: '${var.public}' } },
          },
        },
      },
    ];
    const e = estimateCost(spec, stacks);
    expect(find(e.aws, 'VPC interface endpoints')!.monthlyUsd).toBeCloseTo(2 * 730 * 0.01, 2);
    expect(e.incomplete).toEqual([
      expect.stringContaining('aws_vpc_endpoint.a'),
      expect.stringContaining('aws_lb.alb'),
      // eu-west-1: the table's prices are us-east-1's (cost-region.test.ts).
      expect.stringContaining('AWS prices for eu-west-1'),
    ]);
    expect(e.totals.differenceUsd).toBeNull();
  });

  it('a nat: none plan prices the endpoints it relies on (about $58 a month over two zones)', () => {
    const isolated = specFrom({
      ...baseSpecInput(),
      aws: {
        ...baseSpecInput().aws,
        network: {
          vpc: {
            cidr: '10.0.0.0/16',
            publicSubnets: ['10.0.0.0/24', '10.0.1.0/24'],
            privateSubnets: ['10.0.10.0/24', '10.0.11.0/24'],
            nat: 'none',
          },
        },
      },
      apps: [
        {
          name: 'jobs',
          containers: [
            { name: 'main', image: { uri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/x/y:1' } },
          ],
        },
      ],
    });
    const out = synthSpec(isolated);
    const stacks: StackJson[] = out.stackNames.map((name) => ({ name, json: out.stackJson(name) }));
    const e = estimateCost(isolated, stacks);
    // ecr-api, ecr-dkr, logs, secretsmanager in each of the two private subnets.
    expect(find(e.aws, 'VPC interface endpoints')!.monthlyUsd).toBeCloseTo(4 * 2 * 730 * 0.01, 2);
    expect(find(e.aws, 'VPC interface endpoints')!.detail).toMatch(/^4 endpoints in 8 endpoint-zones/);
    const network = compile(isolated).network;
    expect('endpoints' in network && network.endpoints.length).toBe(5);
  });
});
