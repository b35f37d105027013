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

/**
 * The port of each DigitalOcean managed engine, when the inventory does not say: MySQL and PostgreSQL
 * clusters listen on 25060 (a PostgreSQL cluster's connection pools, PgBouncer, on 25061), Redis and Valkey
 * (DigitalOcean's caching clusters) on 25061. DigitalOcean's documentation: "How to Connect to MySQL /
 * PostgreSQL / Caching Database Clusters" and "How to Manage Connection Pools for PostgreSQL Database
 * Clusters" (docs.digitalocean.com/products/databases/).
 */
export const DO_ENGINE_PORTS: Readonly<Record<'mysql' | 'pg' | 'redis' | 'valkey', number>> = {
  mysql: DO_DATABASE_PORT,
  pg: DO_DATABASE_PORT,
  redis: 25061,
  valkey: 25061,
};

/** The port a DigitalOcean PostgreSQL cluster's connection pools (PgBouncer) listen on. */
export const DO_POOL_PORT = 25061;
