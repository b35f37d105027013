/**
 * Cross-field rules: what zod cannot see field by field. They run on a spec that already passed zod, each
 * with its own code and message, located at the offending node; one module per area of the spec, each
 * rule's message beside it. Every rule is linear in the size of the spec (names are looked up in maps), so
 * a 1,000-app file validates in milliseconds.
 */
import type { MigrationSpec } from '../spec';
import type { Finding } from '../diagnostics';
import { Report } from '../report';
import { literalSecrets } from '../secrets/spec-scan';
import { checkTokenText } from '../token-text';
import { checkNames } from './names';
import { checkAws } from './aws';
import { checkInventory } from './inventory';
import { checkRecordData } from './record-data';
import { checkApps } from './apps';
import { checkDatabases } from './databases';
import { checkCacheTargets, checkCaches } from './caches';
import { checkCutover, checkHealthCheckNames } from './cutover';
import { checkUnused } from './unused';
import { checkCaa } from './caa';
import { checkListenerRules } from './listener-rules';
import { checkDatabaseTargets } from './database-targets';
import { checkDataMigration } from './data-migration';
import { checkSharedVolumes } from './shared-volumes';
import { checkSecretNames } from './secret-names';
import { checkImagePulls } from './image-pulls';
import { checkImageReferences } from './image-references';
import { checkEgressRoutes, checkSmtpRoutes } from './egress';
import { checkPublicTasks } from './public-tasks';
import { checkBlueGreen } from './blue-green';
import { checkCutoverHealth } from './cutover-health';
import { checkDoSideRisks } from './do-side-risks';
import { checkDataMode } from './data-mode';
import { checkStorage } from './storage';
import { checkCatchAll } from './catch-all';
import { checkCi } from './ci';
import { checkAccessLogs } from './access-logs';

/** Every rule's findings. */
export function checkRules(spec: MigrationSpec): Finding[] {
  return checkRuleGroups(spec).findings;
}

/**
 * Every rule's findings, and whether the spec is consistent as written (the first group of rules found no
 * error, so any error is about what its parts become): an importer writes such a file and lists the errors.
 */
export function checkRuleGroups(spec: MigrationSpec): { findings: Finding[]; consistent: boolean } {
  const r = new Report();
  const names = checkNames(r, spec);
  checkAws(r, spec);
  checkInventory(r, spec, names);
  checkRecordData(r, spec);
  const used = checkApps(r, spec, names);
  checkPublicTasks(r, spec);
  checkBlueGreen(r, spec);
  checkImageReferences(r, spec);
  checkImagePulls(r, spec, names, used);
  checkEgressRoutes(r, spec);
  checkSmtpRoutes(r, spec);
  checkDatabases(r, spec, names);
  checkCaches(r, spec, names);
  checkCutover(r, spec);
  checkCutoverHealth(r, spec);
  checkDoSideRisks(r, spec);
  checkDataMode(r, spec);
  checkStorage(r, spec, names);
  checkAccessLogs(r, spec);
  checkCi(r, spec);
  checkUnused(r, spec, used);
  // Literal secrets anywhere in the spec (environment, commands, image URIs, free text), and secret waivers.
  r.findings.push(...literalSecrets(spec).findings);
  // Text cdktf would read as one of its tokens: a live reference once rendered (schema/token-text.ts).
  r.findings.push(...checkTokenText(spec));
  const consistent = !r.hasErrors;
  if (consistent) checkResolvedSpec(r, spec);
  return { findings: r.findings, consistent };
}

/**
 * Rules over what the spec's parts become (an RDS class, a certificate, a health check's name): they follow
 * references and read fields without checking them again, so they run only on a spec the rules above found
 * no error in (as they did in the compiler, which they came from).
 */
function checkResolvedSpec(r: Report, spec: MigrationSpec): void {
  checkDatabaseTargets(r, spec);
  checkCacheTargets(r, spec);
  checkDataMigration(r, spec);
  checkSharedVolumes(r, spec);
  checkSecretNames(r, spec);
  checkCaa(r, spec);
  checkListenerRules(r, spec);
  checkHealthCheckNames(r, spec);
  checkCatchAll(r, spec);
}
