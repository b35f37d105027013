import { compileExample } from '../helpers/synth';

const titles = (name: string) => compileExample(name).manualSteps.map((s) => s.title);
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
      /^Dump shop-mysql/,
      /^Create the application user/,
      /^Push the app images/,
      /^Apply the apps stack/,
      /^Copy volume/,
      /^Move traffic one phase at a time/,
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
