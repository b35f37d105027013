/** What each of a database's decisions starts from: the spec's target, its DigitalOcean source, where to record. */
import type { DatabaseTargetSpec, DoDatabaseSpec } from '../../../schema/spec';
import type { CompileContext } from '../../context';
import type { Decision } from '../../model';

export interface DatabaseChoice {
  ctx: CompileContext;
  db: DatabaseTargetSpec;
  /** The DigitalOcean database it replaces, if any. */
  source: DoDatabaseSpec | undefined;
  /** `databases.<name>`: the decisions' subject prefix. */
  subject: string;
  /** The source as decisions quote it. */
  from: string | undefined;
  decisions: Decision[];
}

export function describeSource(source: DoDatabaseSpec): string {
  const parts = [
    `${source.name}: ${source.engine} ${source.version}`,
    source.size,
    `${source.nodes} node(s)`,
  ];
  if (source.storageMib !== undefined) parts.push(`${source.storageMib} MiB`);
  if (source.readOnlyNodes.length > 0) parts.push(`${source.readOnlyNodes.length} read-only node(s)`);
  return parts.join(', ');
}
