/**
 * RDS limits the rules check and the compiler plans within.
 *
 * Sources: RDS User Guide "Amazon RDS DB instance storage" (gp3: 20 GiB to 64 TiB for MySQL and PostgreSQL)
 * and Aurora User Guide "Adding Aurora Replicas to a DB cluster" (one writer and up to 15 Aurora Replicas).
 */

/** The smallest gp3 volume RDS creates for MySQL and PostgreSQL (GiB). */
export const RDS_MIN_STORAGE_GB = 20;
/** The largest (64 TiB). */
export const RDS_MAX_STORAGE_GB = 65536;
/**
 * An Aurora cluster holds one writer and up to 15 Aurora Replicas; promotion tiers run 0-15, one per instance
 * here.
 */
export const AURORA_MAX_INSTANCES = 16;
