/** A database's engine and version, from the spec or the DigitalOcean source, and how minor versions move. */
import { rdsEngineOf, rdsVersionOf } from '../../../schema/inventory/databases';
import {
  ENGINE_FACTS_DATE,
  findRdsVersion,
  supportDateText,
  supportStatus,
  type RdsEngine,
  type RdsEngineVersion,
} from '../../../schema/facts/engine-versions';
import type { DatabaseChoice } from './choice';

export function chooseEngine({ db, source, subject, from, decisions }: DatabaseChoice) {
  const engine: RdsEngine = rdsEngineOf(db, source)!;
  const version = rdsVersionOf(engine, db, source)!;
  decisions.push({
    subject: `${subject}.engineVersion`,
    choice: `${engine} ${version.version}`,
    rule: db.version
      ? 'given in the spec'
      : source
        ? `DigitalOcean ${source.engine} ${source.version} → ${db.aurora ? `Aurora ${version.aurora!.version}` : `RDS ${version.version}`}${sourceRule(engine, Boolean(db.aurora))}`
        : `no source: the current default for ${engine}`,
    from,
  });
  const line = db.aurora ? `${version.aurora!.engine} ${version.aurora!.version}` : version.version;
  decisions.push({
    subject: `${subject}.minorVersionUpgrades`,
    choice: 'automatic, in the maintenance window',
    rule: `engine_version is the ${line} line: ${db.aurora ? 'Aurora' : 'RDS'} picks its current minor, applies minor security fixes in the maintenance window, and Terraform sees the same version (a pinned minor would stop being creatable when AWS retires it)`,
  });
  return { engine, version };
}

/** Why a DigitalOcean major lands where it does, stated against the facts' date, not the clock. */
function sourceRule(engine: RdsEngine, aurora: boolean): string {
  if (engine !== 'mysql') return ' (same major)';
  if (aurora) return ' (Aurora MySQL version 3, MySQL 8.0 compatible)';
  const eight = findRdsVersion('mysql', '8.0');
  const why = eight && supportSentence(eight);
  return ` (8.4 LTS${why ? `; ${why}` : ''})`;
}

/** The support state of an RDS version as a sentence, or undefined while standard support lasts. */
export function supportSentence(version: RdsEngineVersion): string | undefined {
  const status = supportStatus(version);
  if (status.state === 'standard') return undefined;
  const end = supportDateText(status.end);
  return status.state === 'extended'
    ? `RDS standard support for ${version.engine} ${version.version} ended ${end}, before these facts' date (${ENGINE_FACTS_DATE}): a new instance bills Extended Support from its first hour`
    : `RDS standard support for ${version.engine} ${version.version} ends ${end}, within a year of these facts' date (${ENGINE_FACTS_DATE}); RDS then bills Extended Support`;
}
