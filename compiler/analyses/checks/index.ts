/**
 * `dropship check`: every security check over the synthesized Terraform JSON of all stacks, then the
 * waivers from migration.yaml. A finding is an error unless a waiver (check id, optional resource, written
 * reason) covers it.
 */
import { encryptionChecks } from './encryption';
import { exposureChecks } from './exposure';
import { iamChecks } from './iam';
import { operationsChecks } from './operations';
import { reachabilityChecks } from './reachability';
import { ciTrustChecks } from './ci-trust';
import type { ReachabilityReport } from '../reachability';
import type { CheckContext, CheckDefinition, CheckReport, Finding, StackJson, Waiver } from '../types';

export type * from '../types';

/** All checks, in id order. */
export const CHECKS: readonly CheckDefinition[] = [
  ...encryptionChecks,
  ...exposureChecks,
  ...iamChecks,
  ...operationsChecks,
  ...reachabilityChecks,
  ...ciTrustChecks,
].sort((a, b) => a.id.localeCompare(b.id));

/** A waiver's `resource` may be the address, `<stack>/<address>`, the logical id, or omitted (all). */
export function waiverCovers(waiver: Waiver, f: Finding): boolean {
  if (waiver.check !== f.check) return false;
  if (!waiver.resource) return true;
  const logicalId = f.resource.split('.').pop();
  return [f.resource, `${f.stack}/${f.resource}`, `${f.stack}.${f.resource}`, logicalId].includes(
    waiver.resource,
  );
}

export function runChecks(
  stacks: StackJson[],
  options: {
    production: boolean;
    waivers?: Waiver[];
    checks?: readonly CheckDefinition[];
    plainEnvironment?: ReadonlySet<string>;
    reachability?: ReachabilityReport;
  },
): CheckReport {
  const ctx: CheckContext = {
    stacks,
    production: options.production,
    ...(options.plainEnvironment ? { plainEnvironment: options.plainEnvironment } : {}),
    ...(options.reachability ? { reachability: options.reachability } : {}),
  };
  const waivers = options.waivers ?? [];
  const used = new Set<Waiver>();
  const report: CheckReport = { checks: [], findings: [], waived: [], unusedWaivers: [], waivers };
  for (const check of options.checks ?? CHECKS) {
    const found = check.run(ctx);
    let waivedCount = 0;
    for (const f of found) {
      const waiver = waivers.find((w) => waiverCovers(w, f));
      if (waiver) {
        used.add(waiver);
        waivedCount++;
        report.waived.push({ ...f, reason: waiver.reason });
      } else report.findings.push(f);
    }
    report.checks.push({
      id: check.id,
      title: check.title,
      category: check.category,
      checkov: check.checkov,
      trivy: check.trivy,
      remediation: check.remediation,
      findings: found.length - waivedCount,
      waived: waivedCount,
    });
  }
  report.unusedWaivers = waivers.filter((w) => !used.has(w));
  return report;
}
