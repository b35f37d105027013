/** The stack split: which stacks exist, their order, `--only`, and dependsOn against the real cross-stack reads. */
import { readFileSync } from 'node:fs';
import { compile, compileSpec, EMPTY_SELECTION, UNKNOWN_SELECTED_APP } from '../../compiler';
import { planStacks } from '../../compiler/stack-layout';
import { loadSpecText } from '../../schema/load';
import {
  baseSpecInput,
  cleanupSynth,
  exampleFile,
  examples,
  loadExample,
  specFrom,
  synthExample,
} from '../helpers/synth';

afterAll(cleanupSynth);

describe('planStacks', () => {
  const all = { apps: ['web', 'worker'], registry: true, dns: true, data: true };

  it('orders single-layout stacks by dependency', () => {
    expect(planStacks('shop-prod', 'single', all)).toEqual([
      { name: 'shop-prod-network', role: 'network', dependsOn: [] },
      { name: 'shop-prod-registry', role: 'registry', dependsOn: [] },
      { name: 'shop-prod-dns', role: 'dns', dependsOn: [] },
      { name: 'shop-prod-data', role: 'data', dependsOn: ['shop-prod-network'] },
      {
        name: 'shop-prod-apps',
        role: 'apps',
        dependsOn: ['shop-prod-network', 'shop-prod-registry', 'shop-prod-dns', 'shop-prod-data'],
      },
    ]);
  });

  it('splits per-app into a platform stack and one stack per app after it', () => {
    const stacks = planStacks('shop-prod', 'per-app', all);
    expect(stacks.map((s) => s.name)).toEqual([
      'shop-prod-network',
      'shop-prod-registry',
      'shop-prod-dns',
      'shop-prod-data',
      'shop-prod-platform',
      'shop-prod-app-web',
      'shop-prod-app-worker',
    ]);
    expect(stacks.find((s) => s.name === 'shop-prod-platform')!.dependsOn).toEqual([
      'shop-prod-network',
      'shop-prod-dns',
    ]);
    expect(stacks.find((s) => s.app === 'worker')!.dependsOn).toEqual([
      'shop-prod-network',
      'shop-prod-registry',
      'shop-prod-dns',
      'shop-prod-data',
      'shop-prod-platform',
    ]);
  });

  it('leaves out registry, dns and data when there is nothing to put in them', () => {
    const stacks = planStacks('x-y', 'single', { apps: ['a'], registry: false, dns: false, data: false });
    expect(stacks).toEqual([
      { name: 'x-y-network', role: 'network', dependsOn: [] },
      { name: 'x-y-apps', role: 'apps', dependsOn: ['x-y-network'] },
    ]);
  });
});

describe('compile: stacks of a spec', () => {
  const twoApps = () => {
    const shop = loadExample('php-shop');
    return {
      ...shop,
      apps: [...shop.apps, { ...shop.apps[0], name: 'admin', expose: undefined, volumes: [] }],
    };
  };

  it('--only with per-app keeps the shared stacks and only the named app stacks', () => {
    const plan = compile(twoApps(), { layout: 'per-app', only: ['admin'] });
    expect(plan.stacks.filter((s) => s.role === 'app').map((s) => s.app)).toEqual(['admin']);
    expect(plan.stacks.map((s) => s.role)).toEqual(expect.arrayContaining(['network', 'data', 'platform']));
    // The network stack still holds every app's security group: applying a subset removes nothing.
    expect(plan.security.nodes.map((n) => n.key)).toEqual(expect.arrayContaining(['app-web', 'app-admin']));
    expect(plan.warnings.filter((w) => w.code.startsWith('stacks/'))).toEqual([]);
  });

  it('warns about --only with the single layout', () => {
    const plan = compile(twoApps(), { layout: 'single', only: ['admin'] });
    expect(plan.stacks.filter((s) => s.role === 'apps')).toHaveLength(1);
    expect(plan.warnings.filter((w) => w.code.startsWith('stacks/')).map((w) => w.code)).toEqual([
      'stacks/only-single-layout',
    ]);
  });

  it('refuses --only names the spec does not declare, naming them and the declared apps', () => {
    const outcome = compileSpec(twoApps(), { layout: 'per-app', only: ['admin', 'nope', 'web2'] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.diagnostics).toHaveLength(1);
    expect(outcome.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: UNKNOWN_SELECTED_APP,
      path: 'apps',
      message: '--only names apps the spec does not declare: nope, web2',
      hint: 'declared apps: web, admin',
    });
    expect(compileSpec(twoApps(), { layout: 'per-app', only: ['admin'] }).ok).toBe(true);
  });

  it('refuses an --only that names no app (an empty list would otherwise mean every app)', () => {
    const outcome = compileSpec(twoApps(), { layout: 'per-app', only: [] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: EMPTY_SELECTION, message: '--only names no app' }),
    ]);
    expect(compileSpec(twoApps(), { layout: 'per-app' }).ok).toBe(true);
  });

  it('a spec with only a network and a worker has no registry, dns or data stack', () => {
    const spec = specFrom({
      ...baseSpecInput(),
      apps: [{ name: 'jobs', containers: [{ name: 'main', image: { uri: 'public.ecr.aws/x/y:1' } }] }],
    });
    const roles = compile(spec).stacks.map((s) => s.role);
    expect(roles).toContain('network');
    expect(roles).toContain('apps');
    expect(roles).not.toContain('registry');
    expect(roles).not.toContain('data');
  });
});

describe('dependsOn covers every cross-stack read', () => {
  const cases = examples().flatMap((e) =>
    (['single', 'per-app'] as const).map((layout) => [e.name, layout] as const),
  );

  it.each(cases)('%s (%s)', (name, layout) => {
    const out = synthExample(name, { layout });
    const names = out.plan.stacks.map((s) => s.name);
    for (const [index, stack] of out.plan.stacks.entries()) {
      const remote = Object.keys(out.stackJson(stack.name).data?.terraform_remote_state ?? {}).map((k) =>
        k.replace(/^cross-stack-reference-input-/, ''),
      );
      for (const producer of remote) {
        expect({ stack: stack.name, reads: producer, declared: stack.dependsOn.includes(producer) }).toEqual({
          stack: stack.name,
          reads: producer,
          declared: true,
        });
        // Producers come first: the renderer registers their references before consumers use them.
        expect(names.indexOf(producer)).toBeLessThan(index);
      }
    }
  });
});

describe('warning positions', () => {
  it('points stack warnings at the spec path in the file when the source is known', () => {
    const loaded = loadSpecText(readFileSync(exampleFile('php-shop'), 'utf8'), 'php-shop.yaml');
    if (!loaded.ok) throw new Error('php-shop must load');
    const plan = compile(loaded.spec, { layout: 'single', only: ['web'], source: loaded.source });
    const warning = plan.warnings.find((w) => w.code === 'stacks/only-single-layout')!;
    expect(warning.file).toBe('php-shop.yaml');
    expect(warning.line).toBe(loaded.source.locate(['apps']).line);
    expect(warning.line).toBeGreaterThan(1);
  });
});
