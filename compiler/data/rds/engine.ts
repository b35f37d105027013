/** A database's engine and version, from the spec or the DigitalOcean source, and how minor versions move. */
import { rdsEngineOf, rdsVersionOf } from '../../../schema/inventory/databases';
import type { RdsEngine } from '../../../schema/facts/engine-versions';
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
        ? `DigitalOcean ${source.engine} ${source.version} → RDS ${version.version}${engine === 'mysql' ? ' (8.4 LTS: RDS standard support for 8.0 ends 2026-07-31)' : ' (same major)'}`
        : `no source: the current default for ${engine}`,
    from,
  });
  decisions.push({
    subject: `${subject}.minorVersionUpgrades`,
    choice: db.aurora
      ? `with dropship's engine facts (now ${version.aurora?.version ?? version.version}), not automatic`
      : 'automatic, in the maintenance window',
    rule: db.aurora
      ? 'Aurora is created at a full minor version; after an automatic minor upgrade every later plan would ask to go back to it, which RDS refuses, so the apply fails. A newer minor arrives as a reviewed in-place upgrade when the pinned version moves (schema/facts/engine-versions.ts)'
      : `engine_version is the ${version.version} line: RDS applies its minor security fixes in the maintenance window and Terraform sees the same version`,
  });
  return { engine, version };
}
