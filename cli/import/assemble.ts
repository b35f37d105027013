/** Puts the inventory and the draft together in spec order and renders them. */
import type { YamlComment } from './comments';
import type { Draft } from './draft';
import { renderYaml } from './emit';
import type { Inventory } from './inventory';

export interface Header {
  project: string;
  environment: string;
  projectIsPlaceholder: boolean;
  files: string[];
  /** The JSON Schema editors validate the file with (yaml-language-server reads the first comment). */
  schema?: string;
}

export function emitMigration(inventory: Inventory, draft: Draft, header: Header): string {
  const data: Record<string, unknown> = {
    version: 1,
    project: header.project,
    environment: header.environment,
    aws: draft.aws,
    digitalocean: inventory.section,
    ecr: draft.ecr,
    secrets: draft.secrets,
    apps: draft.apps,
    databases: draft.databases,
    caches: draft.caches,
    ...(draft.storage ? { storage: draft.storage } : {}),
    ...(draft.cutover ? { cutover: draft.cutover } : {}),
  };
  const comments: YamlComment[] = [
    ...(header.projectIsPlaceholder
      ? [
          {
            path: ['project'],
            text: ' TODO: your product’s short name (AWS names and tags derive from project + environment)',
            placement: 'after' as const,
          },
        ]
      : []),
    {
      path: ['digitalocean'],
      text: ' ---- What runs today: imported from DigitalOcean (refresh with `dropship import ... --into <this file>`) ----',
      placement: 'before',
    },
    ...inventory.comments,
    { path: ['ecr'], text: ' ---- The AWS target: a first draft to review ----', placement: 'before' },
    ...draft.comments,
  ];
  if (!draft.cutover)
    comments.push({
      path: [],
      text:
        ' TODO: no DNS record of an imported domain points at a droplet or load balancer, so no app is public yet.\n' +
        ' Once one has expose.public, add `cutover: { phases: [0, 10, 50, 100], current: 0 }` to move its traffic.',
      placement: 'after',
    });
  const text = [
    ...(header.schema !== undefined ? [`yaml-language-server: $schema=${header.schema}`] : []),
    `migration.yaml drafted by \`dropship import\` from ${header.files.length} DigitalOcean export file${header.files.length === 1 ? '' : 's'}.`,
    'The digitalocean: section is the inventory; everything after it is a first draft inferred from it.',
    'Decide every TODO, then run `dropship validate` and `dropship synth`.',
  ].join('\n');
  return renderYaml(data, comments, text);
}

/** Just the `digitalocean:` block (with its comments), for merge mode. */
export function emitDigitalOcean(
  inventory: { section: Record<string, unknown> },
  comments: readonly YamlComment[],
): string {
  return renderYaml(
    { digitalocean: inventory.section },
    comments.filter((c) => c.path[0] === 'digitalocean' && c.path.length > 1),
  );
}
