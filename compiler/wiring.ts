/**
 * What an app receives from the data tier (RDS, ElastiCache) and from its declared secrets: produced by
 * `compileData`, consumed by `compileApps` for the task definition and the execution role.
 */
import { AppWiring } from './model/wiring';

export const emptyWiring = (): AppWiring => ({
  containers: {},
  secretArns: [],
  kmsKeyArns: [],
});
