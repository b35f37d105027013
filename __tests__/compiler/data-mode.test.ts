/**
 * cutover.dataMode over generated specs: the mode (explicit or default) decides which DigitalOcean database
 * and cache ports each app group may leave on, the cutover's rollback, and where the runbook moves the data;
 * staying droplets' ports follow the inventory firewalls. Without NAT every such path is a located error.
 */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile } from '../../compiler';
import { sanitizeDescription } from '../../compiler/security';
import { STEP_ORDER } from '../../compiler/steps';
import { targetPhase } from '../../cli/commands/cutover';
import { loadSpecText } from '../../schema/load';
import type { Diagnostic } from '../../schema/diagnostics';
import { baseSpecInput } from '../helpers/synth';

type Engine = 'mysql' | 'pg' | 'redis' | 'valkey';
interface Cluster {
  engine: Engine;
  host?: string;
  port?: number;
}
interface Shape {
  nat: 'single' | 'per-az' | 'none';
  dataMode?: 'digitalocean-until-100' | 'move-first';
  current: number;
  /** cutover.dataMoved: the data runbook is done (read in digitalocean-until-100 only). */
  dataMoved: boolean;
  clusters: Cluster[];
  /** Per app: the indexes of the clusters whose targets it uses. */
  apps: number[][];
}

const PHASES = [0, 10, 50, 100];
const VERSION: Record<Engine, string> = { mysql: '8', pg: '16', redis: '7', valkey: '8' };
const isStore = (e: Engine) => e === 'redis' || e === 'valkey';

const ipv4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .map((p) => p.join('.'));
const cluster: fc.Arbitrary<Cluster> = fc.record(
  {
    engine: fc.constantFrom<Engine>('mysql', 'pg', 'redis', 'valkey'),
    host: fc.oneof(ipv4, fc.constant('db-do-user-1-0.b.db.ondigitalocean.com')),
    port: fc.integer({ min: 25060, max: 25070 }),
  },
  { requiredKeys: ['engine'] },
);
const shape: fc.Arbitrary<Shape> = fc
  .record({
    nat: fc.constantFrom<Shape['nat']>('single', 'per-az', 'none'),
    dataMode: fc.option(
      fc.constantFrom<NonNullable<Shape['dataMode']>>('digitalocean-until-100', 'move-first'),
      {
        nil: undefined,
      },
    ),
    current: fc.constantFrom(...PHASES),
    dataMoved: fc.boolean(),
    clusters: fc.array(cluster, { minLength: 1, maxLength: 3 }),
  })
  .chain((s) =>
    fc
      .array(fc.subarray(s.clusters.map((_, i) => i)), { minLength: 1, maxLength: 2 })
      .map((apps) => ({ ...s, apps })),
  );

const targetName = (i: number) => `store${i}`;

function specYaml(s: Shape): string {
  const base = baseSpecInput();
  const vpc = (base.aws.network as { vpc: Record<string, unknown> }).vpc;
  return stringify({
    ...base,
    aws: { ...base.aws, network: { vpc: { ...vpc, nat: s.nat } } },
    digitalocean: {
      databases: s.clusters.map((c, i) => ({
        name: `do-${i}`,
        engine: c.engine,
        version: VERSION[c.engine],
        size: 'db-s-1vcpu-2gb',
        ...(c.host === undefined ? {} : { host: c.host }),
        ...(c.port === undefined ? {} : { port: c.port }),
      })),
    },
    ecr: { repositories: [{ name: 'demo/web' }] },
    apps: s.apps.map((uses, a) => ({
      name: `app${a}`,
      containers: [{ name: 'main', image: { repository: 'demo/web', tag: '1.0.0' } }],
      uses: {
        databases: uses.filter((i) => !isStore(s.clusters[i].engine)).map(targetName),
        caches: uses.filter((i) => isStore(s.clusters[i].engine)).map(targetName),
      },
    })),
    databases: s.clusters.flatMap((c, i) =>
      isStore(c.engine) ? [] : [{ name: targetName(i), from: `do-${i}`, migration: { method: 'dump' } }],
    ),
    caches: s.clusters.flatMap((c, i) =>
      isStore(c.engine) ? [{ name: targetName(i), from: `do-${i}` }] : [],
    ),
    cutover: {
      phases: PHASES,
      current: s.current,
      ...(s.dataMoved ? { dataMoved: true } : {}),
      ...(s.dataMode === undefined ? {} : { dataMode: s.dataMode }),
    },
  });
}

const effectiveMode = (s: Shape) =>
  s.dataMode ?? (s.nat === 'none' ? 'move-first' : 'digitalocean-until-100');

/** What each app group must be allowed to reach on DigitalOcean: `<port> <cidr>`, sorted. */
function expectedEgress(s: Shape): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  // Once the data moved the tasks use AWS: nothing on DigitalOcean explains an open port.
  if (effectiveMode(s) !== 'digitalocean-until-100' || s.dataMoved) return out;
  s.apps.forEach((uses, a) => {
    const rules = new Set(
      uses.map((i) => {
        const c = s.clusters[i];
        const port = c.port ?? (isStore(c.engine) ? 25061 : 25060);
        const cidr = c.host !== undefined && isIP(c.host) === 4 ? `${c.host}/32` : '0.0.0.0/0';
        return `${port} ${cidr}`;
      }),
    );
    if (rules.size > 0) out[`app-app${a}`] = [...rules].sort();
  });
  return out;
}

const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');

describe('cutover.dataMode: DigitalOcean database and cache egress', () => {
  it('opens exactly the DigitalOcean ports of the stores each app uses in mode digitalocean-until-100, else none; without NAT that mode is a located error', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const loaded = loadSpecText(specYaml(s), 'data-mode.yaml');
        const expected = expectedEgress(s);
        const needsNat = s.nat === 'none' && Object.keys(expected).length > 0;
        if (s.dataMoved && s.current < 100 && effectiveMode(s) === 'digitalocean-until-100') {
          expect(loaded.ok).toBe(false); // data-moved-before-100, the test below
          return;
        }
        if (needsNat) {
          expect(loaded.ok).toBe(false);
          if (loaded.ok) return;
          const found = errors(loaded.diagnostics);
          expect(found.map((d) => d.code)).toEqual(['data-mode-needs-nat']);
          expect(found[0].path).toBe('cutover.dataMode');
          expect(found[0].line).toBeGreaterThan(0);
          expect(found[0].hint).toMatch(/nat: single|move-first/);
          return;
        }
        if (!loaded.ok)
          throw new Error(
            errors(loaded.diagnostics)
              .map((d) => d.message)
              .join('\n'),
          );
        const plan = compile(loaded.spec);
        const actual: Record<string, string[]> = {};
        for (const r of plan.security.rules)
          if (r.direction === 'egress' && r.securityGroup.startsWith('app-') && r.peer.kind === 'ipv4') {
            expect(r.fromPort).toBe(r.toPort);
            expect(r.description).toBe(sanitizeDescription(r.description));
            expect(r.description.length).toBeLessThanOrEqual(255);
            (actual[r.securityGroup] ??= []).push(`${r.fromPort} ${r.peer.cidr}`);
          }
        for (const list of Object.values(actual)) list.sort();
        expect(actual).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses rollback past phase 0 in move-first unless forced, and in digitalocean-until-100 once the data moved until dataMoved is false', () => {
    fc.assert(
      fc.property(shape, fc.constantFrom(...PHASES), fc.boolean(), (s, to, force) => {
        const loaded = loadSpecText(specYaml(s), 'data-mode.yaml');
        if (!loaded.ok) return; // the NAT case, above
        const plan = compile(loaded.spec).cutover!;
        const moved = effectiveMode(s) === 'digitalocean-until-100' && s.dataMoved;
        const refused = (effectiveMode(s) === 'move-first' || moved) && s.current > 0;
        expect(plan.dataMode.mode).toBe(effectiveMode(s));
        expect(plan.dataMode.explicit).toBe(s.dataMode !== undefined);
        expect(plan.dataMode.rollbackRefusedFrom).toBe(refused ? s.current : undefined);
        expect(plan.decisions.find((d) => d.subject === 'cutover.dataMode')?.choice).toContain(
          plan.dataMode.rollback,
        );
        for (const action of ['rollback', 'set'] as const) {
          const target = targetPhase({ action, percent: to, force }, plan);
          const movesBack = action === 'rollback' ? s.current > 0 : to < s.current;
          // After dataMoved, --force cannot help: a phase below 100 % with dataMoved: true is invalid.
          if (moved && movesBack)
            expect(target).toEqual({ error: expect.stringMatching(/set cutover\.dataMoved: false/) });
          else if (refused && movesBack && !force)
            expect(target).toEqual({ error: expect.stringMatching(/--force/) });
          else expect(target).not.toEqual({ error: expect.stringMatching(/read-only copy|stale copy/) });
        }
        // The phase table says where writes go: DigitalOcean until 100 % in one mode, AWS past phase 0 in the other.
        for (const row of plan.phaseTable)
          expect(row.writes).toMatch(
            effectiveMode(s) === 'move-first'
              ? row.phase === 0
                ? /^DigitalOcean until the data move/
                : /^AWS \(DigitalOcean read-only/
              : moved
                ? /^AWS \(the data moved/
                : row.phase < 100
                  ? /^DigitalOcean \(the AWS tasks/
                  : /^DigitalOcean until the data move, then AWS/,
          );
      }),
      { numRuns: 40 },
    );
  });

  it('refuses cutover.dataMoved below 100 % (two writers), warns in move-first, and accepts it at 100 %', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const loaded = loadSpecText(specYaml(s), 'data-mode.yaml');
        const mode = effectiveMode(s);
        const migrated = s.clusters.length > 0;
        const refused = s.dataMoved && migrated && mode === 'digitalocean-until-100' && s.current < 100;
        if (refused) {
          expect(loaded.ok).toBe(false);
          if (loaded.ok) return;
          const error = loaded.diagnostics.find((d) => d.code === 'data-moved-before-100');
          expect(error).toMatchObject({ severity: 'error', path: 'cutover.dataMoved' });
          expect(error!.line).toBeGreaterThan(0);
          expect(error!.hint).toMatch(/dataMoved: false/);
          return;
        }
        if (!loaded.ok) return;
        const codes = loaded.warnings.filter((w) => w.path === 'cutover.dataMoved').map((w) => w.code);
        expect(codes).toEqual(s.dataMoved && migrated && mode === 'move-first' ? ['data-moved-ignored'] : []);
      }),
      { numRuns: 60 },
    );
  });

  it('warns at the first split phase in move-first (writes at two sites), and only in move-first', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), (s, split) => {
        const yaml = split ? specYaml(s) : specYaml(s).replace('- 10\n    - 50\n', '');
        const loaded = loadSpecText(yaml, 'data-mode.yaml');
        if (!loaded.ok) return;
        const warned = loaded.warnings.filter((w) => w.code === 'move-first-split-phase');
        if (effectiveMode(s) !== 'move-first' || !split) return expect(warned).toEqual([]);
        expect(warned.map((w) => w.path)).toEqual(['cutover.phases[1]']);
        expect(warned[0].message).toMatch(/phase 10 %.*two sites/);
      }),
      { numRuns: 40 },
    );
  });

  it('places the data move by the mode: after traffic reaches 100 %, or before phase 1', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const loaded = loadSpecText(specYaml(s), 'data-mode.yaml');
        if (!loaded.ok) return;
        const plan = compile(loaded.spec);
        const dumps = plan.data.manualSteps.filter((m) => /^Dump /.test(m.title));
        expect(dumps).toHaveLength(s.clusters.filter((c) => !isStore(c.engine)).length);
        const a = effectiveMode(s) === 'digitalocean-until-100';
        for (const step of dumps) {
          expect(step.order).toBe(a ? STEP_ORDER.moveDataAt100 : STEP_ORDER.moveDataBeforePhase1);
          expect(step.detail).toMatch(
            a ? /once the cutover is at 100 %/ : /at phase 0, before moving to phase 1/,
          );
        }
        for (const entry of plan.data.runbook) {
          const first = entry.commands.find((c) => /# 1\. /.test(String(c)));
          expect(String(first)).toMatch(
            a ? /Once the cutover is at 100 %/ : /At phase 0, before `dropship cutover next`/,
          );
        }
      }),
      { numRuns: 30 },
    );
  });
});

interface DropletShape {
  nat: 'single' | 'none';
  /** Staying droplets: whether each has a public IPv4. */
  staying: boolean[];
  rules: {
    protocol: 'tcp' | 'udp' | 'icmp';
    ports: string;
    source: 'droplet' | 'tag' | 'address' | 'other';
  }[];
}

const dropletShape: fc.Arbitrary<DropletShape> = fc.record({
  nat: fc.constantFrom<DropletShape['nat']>('single', 'none'),
  staying: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
  rules: fc.array(
    fc.record({
      protocol: fc.constantFrom<'tcp' | 'udp' | 'icmp'>('tcp', 'udp', 'icmp'),
      ports: fc.constantFrom('80', '9200', '8000-8100', 'all'),
      source: fc.constantFrom<'droplet' | 'tag' | 'address' | 'other'>('droplet', 'tag', 'address', 'other'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

function dropletSpecYaml(s: DropletShape): string {
  const base = baseSpecInput();
  const vpc = (base.aws.network as { vpc: Record<string, unknown> }).vpc;
  const sources = {
    droplet: { droplets: ['web-1'] },
    tag: { tags: ['web'] },
    address: { addresses: ['10.110.0.2'] },
    other: { addresses: ['192.0.2.0/24'] },
  };
  return stringify({
    ...base,
    aws: { ...base.aws, network: { vpc: { ...vpc, nat: s.nat } } },
    digitalocean: {
      droplets: [
        {
          name: 'web-1',
          id: 1,
          size: 's-1vcpu-1gb',
          region: 'ams3',
          ipv4: { public: '198.51.100.1', private: '10.110.0.2' },
          tags: ['web'],
        },
        ...s.staying.map((hasIp, i) => ({
          name: `keep-${i}`,
          id: 10 + i,
          size: 's-1vcpu-1gb',
          region: 'ams3',
          ipv4: hasIp ? { public: `203.0.113.${10 + i}` } : {},
          tags: ['keep'],
        })),
      ],
      firewalls: [
        {
          name: 'keep-fw',
          tags: ['keep'],
          inbound: s.rules.map((r) => ({ protocol: r.protocol, ports: r.ports, sources: sources[r.source] })),
        },
      ],
    },
    ecr: { repositories: [{ name: 'demo/web' }] },
    apps: [
      {
        name: 'web',
        droplets: ['web-1'],
        containers: [{ name: 'main', image: { repository: 'demo/web', tag: '1.0.0' } }],
      },
    ],
  });
}

describe('staying droplets: egress to the ports the app’s droplets reach today', () => {
  it('opens each reached port on each staying droplet’s public IPv4, warns where it has none, and refuses without NAT', () => {
    fc.assert(
      fc.property(dropletShape, (s) => {
        const reaching = s.rules.filter((r) => r.source !== 'other' && r.protocol !== 'icmp');
        const expected = new Set<string>();
        s.staying.forEach((hasIp, i) => {
          if (!hasIp) return;
          for (const r of reaching) {
            const range =
              r.ports === 'all' ? '1-65535' : r.ports.includes('-') ? r.ports : `${r.ports}-${r.ports}`;
            expected.add(`${r.protocol} ${range} 203.0.113.${10 + i}/32`);
          }
        });
        const loaded = loadSpecText(dropletSpecYaml(s), 'staying.yaml');
        if (s.nat === 'none' && reaching.length > 0) {
          expect(loaded.ok).toBe(false);
          if (loaded.ok) return;
          const found = errors(loaded.diagnostics);
          expect(found.map((d) => d.code)).toEqual(['staying-droplet-needs-nat']);
          const first = s.rules.findIndex((r) => r.source !== 'other' && r.protocol !== 'icmp');
          expect(found[0].path).toBe(`digitalocean.firewalls[0].inbound[${first}]`);
          return;
        }
        if (!loaded.ok)
          throw new Error(
            errors(loaded.diagnostics)
              .map((d) => d.message)
              .join('\n'),
          );
        const plan = compile(loaded.spec);
        const actual = plan.security.rules
          .filter((r) => r.securityGroup === 'app-web' && r.direction === 'egress' && r.peer.kind === 'ipv4')
          .map((r) => `${r.protocol} ${r.fromPort}-${r.toPort} ${(r.peer as { cidr: string }).cidr}`);
        expect(new Set(actual)).toEqual(expected);
        expect(actual).toHaveLength(expected.size); // no duplicate rule
        const unaddressed = s.staying.filter((hasIp) => !hasIp).length;
        const warned = loaded.warnings.filter((w) => w.code === 'staying-droplet-without-address');
        expect(warned.length > 0).toBe(reaching.length > 0 && unaddressed > 0);
      }),
      { numRuns: 60 },
    );
  });
});
