import { STEP_ORDER } from '../../compiler/steps';
import { compile, planManualSteps } from '../../compiler';
import { loadSpecText } from '../../schema/load';
import { generateYaml } from '../../bench/generate';
import { compileExample } from '../helpers/synth';

const titles = (name: string) => planManualSteps(compileExample(name)).map((s) => s.title);
const indexOf = (list: string[], pattern: RegExp) => {
  const i = list.findIndex((t) => pattern.test(t));
  if (i < 0) throw new Error(`no step matches ${pattern}: ${list.join(' | ')}`);
  return i;
};

describe('manual steps in doing order, with the stack applies between them', () => {
  it('php-shop: foundation, DigitalOcean side, zone, phase 0, nameservers, data, images, apps, traffic', () => {
    const list = titles('php-shop');
    const sequence = [
      /^Apply the network and registry stacks/,
      /^Apply the digitalocean stack/,
      /^Apply the dns stack/,
      /^Apply the cutover stack at phase 0/,
      /^Delegate shop-example\.com to Route 53/,
      /^Apply the data stack/,
      /^Set the value of secret/,
      /^Create the application user/,
      /^Push the app images/,
      /^Apply the apps stack/,
      /^Copy volume/,
      /^Move traffic one phase at a time/,
      // cutover.dataMode digitalocean-until-100: the data moves once traffic is at 100 %.
      /^Dump shop-mysql/,
    ].map((p) => indexOf(list, p));
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
  });

  it('django-app: the DMS role exists before the data stack, the existing zone is freed before the cutover', () => {
    const list = titles('django-app');
    expect(indexOf(list, /dms-vpc-role/)).toBeLessThan(indexOf(list, /^Apply the data stack/));
    expect(indexOf(list, /^Free the cutover names/)).toBeLessThan(indexOf(list, /^Apply the cutover stack/));
    expect(list.some((t) => /digitalocean stack/.test(t))).toBe(false); // Route 53-hosted: no DigitalOcean stack
  });
});

describe('STEP_ORDER: the one table of step positions', () => {
  it('gives every step its own position', () => {
    const byOrder = new Map<number, string[]>();
    for (const [name, order] of Object.entries(STEP_ORDER))
      byOrder.set(order, [...(byOrder.get(order) ?? []), name]);
    const shared = [...byOrder.values()].filter((names) => names.length > 1);
    expect(shared).toEqual([]);
  });

  it('keeps foundation < DigitalOcean < DNS < cutover phase 0 < data < apps < traffic', () => {
    const sequence: (keyof typeof STEP_ORDER)[] = [
      'applyFoundation',
      'applyDigitalOcean',
      'applyDns',
      'applyCutoverPhase0',
      'applyData',
      'applyApps',
      'moveTraffic',
    ];
    const outOfOrder = sequence
      .slice(1)
      .map((name, i) => [sequence[i], name] as const)
      .filter(([before, after]) => STEP_ORDER[before] >= STEP_ORDER[after])
      .map(([before, after]) => `${before} must come before ${after}`);
    expect(outOfOrder).toEqual([]);
  });

  it('places each part’s steps by the right entry: the order of the titles in the compiled examples', () => {
    // A step that took the wrong STEP_ORDER key in cutover.ts, dns.ts or digitalocean.ts lands elsewhere here.
    const before = (list: string[], first: RegExp, then: RegExp) =>
      expect(indexOf(list, first)).toBeLessThan(indexOf(list, then));
    const shop = titles('php-shop');
    before(shop, /^Trust the AWS NAT IPs on DigitalOcean database/, /^Apply the digitalocean stack/);
    before(shop, /^Apply the cutover stack at phase 0/, /^Delegate shop-example\.com to Route 53/);
    before(shop, /^Keep one writer per database/, /^Wait for the old TTLs before phase 1/);
    before(shop, /^Wait for the old TTLs before phase 1/, /^Move traffic one phase at a time/);
    before(shop, /^Copy volume/, /^Wait for the old TTLs before phase 1/);
    const django = titles('django-app');
    before(django, /^Apply the dns stack/, /^Free the cutover names in the existing zone/);
    before(django, /^Free the cutover names in the existing zone/, /^Apply the cutover stack at phase 0/);
    before(django, /^Wait for the old TTLs before phase 1/, /^Move traffic one phase at a time/);
  });
});

describe('a large fleet keeps its runs of steps together', () => {
  it('100 apps: every data step comes after the data stack and before the images are pushed', () => {
    const loaded = loadSpecText(generateYaml(100), 'fleet.yaml');
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const steps = planManualSteps(compile(loaded.spec));
    const list = steps.map((s) => s.title);
    const applyData = indexOf(list, /^Apply the data stack/);
    const push = indexOf(list, /^Push the app images/);
    const dataSteps = list
      .map((title, i) => ({ title, i }))
      .filter(({ title }) =>
        /^(Set the value of secret|Turn on AUTH|Create the application user)/.test(title),
      );
    // The fleet's cutover keeps the default data mode (digitalocean-until-100): the dumps come after traffic.
    const moveTraffic = indexOf(list, /^Move traffic one phase at a time/);
    const dumps = list.map((title, i) => ({ title, i })).filter(({ title }) => /^Dump /.test(title));
    expect(dumps.length).toBeGreaterThan(0);
    for (const { i } of dumps) expect(i).toBeGreaterThan(moveTraffic);
    // Enough of them that numbering them from STEP_ORDER.afterData would run past the later entries.
    expect(dataSteps.length).toBeGreaterThan(STEP_ORDER.pushImages - STEP_ORDER.afterData);
    for (const { i } of dataSteps) {
      expect(i).toBeGreaterThan(applyData);
      expect(i).toBeLessThan(push);
    }
    expect(push).toBeLessThan(indexOf(list, /^Apply the apps stack/));
  });
});
