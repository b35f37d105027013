/**
 * Switching a live app from rolling to blue-green replaces its ECS service (a new `<app>-bg` service under
 * CodeDeploy, then the rolling one destroyed). dropship reads no state, so the plan calls it out for every
 * blue/green app as a located warning (not only in the decision's text), and never for a rolling app.
 */
import { stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { exampleText } from '../helpers/synth';
import { parse } from 'yaml';

const blueGreen = parse(exampleText('blue-green')) as { apps: { deployment: Record<string, unknown> }[] };

it('a blue/green app gets the replacement callout at its strategy, a rolling one none', () => {
  const loaded = loadSpecText(stringify(blueGreen), 'blue-green.yaml');
  if (!loaded.ok) throw new Error(loaded.diagnostics[0].message);
  const warned = loaded.warnings.filter((w) => w.code === 'blue-green-replaces-service');
  expect(warned.map((w) => w.path)).toEqual(['apps[0].deployment.strategy']);
  expect(warned[0].message).toMatch(/replaces its live ECS service.*`web-bg`.*destroys/);

  const rolling = structuredClone(blueGreen);
  rolling.apps[0].deployment = { imageTagMode: 'ci' };
  const loadedRolling = loadSpecText(stringify(rolling), 'rolling.yaml');
  if (!loadedRolling.ok) throw new Error(loadedRolling.diagnostics[0].message);
  expect(loadedRolling.warnings.filter((w) => w.code === 'blue-green-replaces-service')).toEqual([]);
});
