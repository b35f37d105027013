/**
 * The AWS DMS replication engine version dropship pins on every replication instance, and its dates.
 *
 * Source: AWS DMS User Guide, "AWS DMS release notes" (the table of active versions: release date, the date
 * after which no new instance can be created with the version, and the end-of-life date when DMS upgrades
 * its instances), https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReleaseNotes.html, as published in
 * late 2025 (3.6.1: released 2025-05-15, no new instances after 2027-04-30, end of life 2027-06-30).
 * PostgreSQL 17 as a source needs 3.6.1 or later: AWS DMS User Guide, "Using a PostgreSQL database as an AWS
 * DMS source", https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.PostgreSQL.html.
 *
 * A pinned version stops being creatable after `noNewInstancesAfter`: a plan applied later fails to create
 * the replication instance, so the plan names the date, and the pin moves here when AWS publishes the next.
 */
export interface DmsEngineVersion {
  /** `engine_version` of aws_dms_replication_instance. */
  version: string;
  /** The last day a new replication instance may be created with it (ISO date). */
  noNewInstancesAfter: string;
  /** End of life: DMS upgrades the remaining instances after it (ISO date). */
  endOfLife: string;
  source: string;
}

export const DMS_RELEASE_NOTES_URL =
  'https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReleaseNotes.html';

/** The newest version with published dates; reads every PostgreSQL (13–17) and MySQL 8 DigitalOcean offers. */
export const DMS_ENGINE_VERSION: DmsEngineVersion = {
  version: '3.6.1',
  noNewInstancesAfter: '2027-04-30',
  endOfLife: '2027-06-30',
  source: DMS_RELEASE_NOTES_URL,
};
