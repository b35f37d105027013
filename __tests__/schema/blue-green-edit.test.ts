/**
 * A live blue/green app cannot take a new target-group port or protocol version (CodeDeploy's service and the
 * listener rules keep the old groups): comparing the base spec with this one refuses exactly that change, at
 * the field that made it, and nothing else (the switches between strategies replace the service instead).
 */
import { parse, stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { Report } from '../../schema/report';
import { checkBlueGreenEdit } from '../../schema/rules/blue-green-edit';
import type { MigrationSpec } from '../../schema/spec';
import { exampleText } from '../helpers/examples';

interface AppYaml {
  containers: Record<string, unknown>[];
  expose: { public: Record<string, unknown> };
  deployment: Record<string, unknown>;
}
const example = () => parse(exampleText('blue-green')) as { apps: AppYaml[] };

function specOf(edit: (apps: AppYaml[]) => void = () => {}): MigrationSpec {
  const doc = example();
  edit(doc.apps);
  const loaded = loadSpecText(stringify(doc), 'spec.yaml');
  if (!loaded.ok) throw new Error(loaded.diagnostics[0].message);
  return loaded.spec;
}

const findings = (base: MigrationSpec, head: MigrationSpec) => {
  const r = new Report();
  checkBlueGreenEdit(r, base, head);
  return r.findings.map((f) => ({ code: f.code, path: f.path.join('.'), severity: f.severity }));
};

const newPort = (apps: AppYaml[]) => {
  apps[0].containers[0].port = 8081;
  apps[0].expose.public.port = 8081;
};
const rolling = (apps: AppYaml[]) => {
  apps[0].deployment = { imageTagMode: 'ci' };
};

it('refuses a new port of a blue/green app, at expose.public.port', () => {
  expect(findings(specOf(), specOf(newPort))).toEqual([
    { code: 'blue-green-pinned-change', path: 'apps.0.expose.public.port', severity: 'error' },
  ]);
});

it('refuses a new protocol version (appProtocol) of the exposed container, at its appProtocol', () => {
  const http2 = (apps: AppYaml[]) => {
    apps[0].containers[0].appProtocol = 'http2';
  };
  expect(findings(specOf(), specOf(http2))).toEqual([
    { code: 'blue-green-pinned-change', path: 'apps.0.containers.0.appProtocol', severity: 'error' },
  ]);
  // `http` is the default protocol: naming it changes nothing.
  const http = (apps: AppYaml[]) => {
    apps[0].containers[0].appProtocol = 'http';
  };
  expect(findings(specOf(), specOf(http))).toEqual([]);
});

it('lets through what a blue/green app can take, and what is not blue/green on both sides', () => {
  const healthCheck = (apps: AppYaml[]) => {
    apps[0].expose.public.healthCheckPath = '/ready';
  };
  expect(findings(specOf(), specOf(healthCheck))).toEqual([]);
  expect(findings(specOf(), specOf())).toEqual([]);
  // Rolling on either side: the strategy switch replaces the service (blue-green-replaces-service).
  expect(findings(specOf(rolling), specOf(newPort))).toEqual([]);
  expect(
    findings(
      specOf(),
      specOf((apps) => (rolling(apps), newPort(apps))),
    ),
  ).toEqual([]);
  // An app the base does not have is new: nothing runs yet.
  const renamed = (apps: AppYaml[]) => {
    newPort(apps);
    (apps[0] as unknown as { name: string }).name = 'web2';
  };
  expect(findings(specOf(), specOf(renamed))).toEqual([]);
});
