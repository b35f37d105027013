/**
 * The ports the data stores listen on: what the security-group rules admit and what the data plan tells apps.
 *
 * Sources: RDS User Guide, "Connecting to a DB instance running the MySQL database engine" and "... the
 * PostgreSQL database engine" (default ports 3306 and 5432; dropship keeps the default), ElastiCache for Redis
 * OSS User Guide, "Connecting to nodes" (6379), and DigitalOcean's managed databases documentation,
 * "How to Connect to MySQL / PostgreSQL Database Clusters" (25060, the port a cluster's public endpoint
 * listens on).
 */
import type { RdsEngine } from './engine-versions';

/** The port an RDS or Aurora database of each engine listens on (RDS's default, which dropship keeps). */
export const RDS_PORTS: Readonly<Record<RdsEngine, number>> = { mysql: 3306, postgres: 5432 };

/** The port an ElastiCache (Redis OSS or Valkey) replication group listens on. */
export const ELASTICACHE_PORT = 6379;

/** The port DigitalOcean managed databases listen on, when the inventory does not say. */
export const DO_DATABASE_PORT = 25060;
