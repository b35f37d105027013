/**
 * The read Spaces responses → `digitalocean.spaces` and `digitalocean.cdnEndpoints`. A Space comes from a
 * region's list; its region is its `get-bucket-location` answer when exported, else its list's; its ACL,
 * CORS and lifecycle rules from the files named after it. A CDN endpoint is kept when the Space it serves
 * is in the inventory (merge mode settles that after keeping the file's own Spaces).
 */
import { sh } from '../../compiler/shell';
import { ImportError, type Warnings } from './errors';
import type { MigrationSpecInput } from '../../schema/spec';
import type { RawCdnEndpoint, RawInventory, RawSpaceDetail } from './raw';

type Section = NonNullable<MigrationSpecInput['digitalocean']>;
export type SpaceOut = NonNullable<Section['spaces']>[number];
export type CdnEndpointOut = NonNullable<Section['cdnEndpoints']>[number];

/** The parts of a Space that come from their own export. */
export type SpaceAspect = 'acl' | 'cors' | 'lifecycle';

export interface ImportedSpaces {
  /** True when at least one list-buckets file was imported. */
  listed: boolean;
  /** The regions whose Spaces the lists cover. */
  regions: string[];
  spaces: SpaceOut[];
  /** Per imported Space, the aspects its files exported. */
  exported: Map<string, Set<SpaceAspect>>;
  /** The CDN endpoints read, before they are matched to the Spaces; undefined when no CDN list was read. */
  cdn?: RawCdnEndpoint[];
}

export function importSpaces(raw: RawInventory, warnings: Warnings): ImportedSpaces {
  const details = new Map<string, RawSpaceDetail[]>();
  for (const d of raw.spaceDetails) details.set(d.bucket, [...(details.get(d.bucket) ?? []), d]);
  const location = (bucket: string) =>
    details
      .get(bucket)
      ?.find((d): d is Extract<RawSpaceDetail, { kind: 'location' }> => d.kind === 'location');

  const found = new Map<string, { region: string; file: string }>();
  const regions = new Set<string>();
  for (const list of raw.spaceLists) {
    if (list.region !== undefined) regions.add(list.region);
    for (const bucket of list.buckets) {
      const region = location(bucket.name)?.region ?? bucket.region ?? (list.region as string);
      regions.add(region);
      const earlier = found.get(bucket.name);
      if (earlier !== undefined && earlier.region !== region)
        throw new ImportError(
          `${list.file}: $: Space ${bucket.name} is listed in ${earlier.file} (${earlier.region}) too (${region}); save its location so the import knows its region: ${sh`aws s3api get-bucket-location --bucket ${bucket.name} --endpoint-url ${`https://${region}.digitaloceanspaces.com`} > ${`space-${bucket.name}.location.json`}`}`,
        );
      if (earlier === undefined) found.set(bucket.name, { region, file: list.file });
    }
  }

  for (const [bucket, list] of details)
    if (!found.has(bucket))
      warnings.add(
        `${list.map((d) => d.file).join(', ')}: Space ${bucket} is in no imported list-buckets file (spaces-<region>.json); left out`,
      );

  const exported = new Map<string, Set<SpaceAspect>>();
  const spaces = [...found].map(([name, { region }]): SpaceOut => {
    const own = details.get(name) ?? [];
    exported.set(
      name,
      new Set(
        own.flatMap((d) => (d.kind === 'acl' || d.kind === 'cors' || d.kind === 'lifecycle' ? [d.kind] : [])),
      ),
    );
    const acl = own.find((d): d is Extract<RawSpaceDetail, { kind: 'acl' }> => d.kind === 'acl');
    if (acl?.publicWrite)
      warnings.add(
        `Space ${name}: its ACL lets anyone write to it (public-read-write); migration.yaml records it as public-read, and the S3 bucket will accept no anonymous access at all`,
      );
    const cors = own.flatMap((d) => (d.kind === 'cors' ? d.rules : []));
    const lifecycle = own.flatMap((d) => (d.kind === 'lifecycle' ? d.rules : []));
    // Fields in the spec's order, whatever order the files came in.
    const out: SpaceOut = { name, region, acl: acl?.publicRead ? 'public-read' : 'private' };
    // A policy that lets anyone read objects: some files are public, as with public-read uploads.
    if (own.some((d) => d.kind === 'policy' && d.anonymousRead)) out.publicFiles = true;
    if (cors.length) out.cors = cors as SpaceOut['cors'];
    if (lifecycle.length) out.lifecycle = lifecycle;
    return out;
  });
  return {
    listed: raw.spaceLists.length > 0,
    regions: [...regions],
    spaces,
    exported,
    cdn: raw.listed.has('cdnEndpoints') ? raw.cdnEndpoints : undefined,
  };
}

/** A fresh import: the CDN endpoints of the imported Spaces, and a warning for each ACL not exported. */
export function finishFreshSpaces(
  inventory: { section: { spaces?: SpaceOut[]; cdnEndpoints?: CdnEndpointOut[] }; spaces: ImportedSpaces },
  warnings: Warnings,
): void {
  for (const space of inventory.spaces.spaces)
    if (!inventory.spaces.exported.get(space.name)?.has('acl')) warnings.add(unexportedAcl(space));
  const cdn = inventory.spaces.cdn;
  if (cdn === undefined) return;
  const endpoints = settleCdnEndpoints(inventory.section.spaces ?? [], cdn, warnings);
  if (endpoints.length) inventory.section.cdnEndpoints = endpoints;
}

export function unexportedAcl(space: SpaceOut): string {
  return `Space ${space.name}: no get-bucket-acl response (space-${space.name}.acl.json) was imported; written as acl: private: check whether the public reads it`;
}

/**
 * The imported CDN endpoints whose Space is in the inventory (name and region); the others are left out
 * with a warning, since a CDN endpoint must serve a Space of `digitalocean.spaces`.
 */
export function settleCdnEndpoints(
  spaces: readonly SpaceOut[],
  cdn: readonly RawCdnEndpoint[],
  warnings: Warnings,
): CdnEndpointOut[] {
  const regionOf = new Map(spaces.map((s) => [s.name, s.region]));
  return cdn.flatMap((e): CdnEndpointOut[] => {
    const region = regionOf.get(e.space);
    if (region !== e.region) {
      warnings.add(
        `CDN endpoint ${e.id} serves the Space ${e.space} in ${e.region}, which is not among the imported Spaces${
          region ? ` (that name is in ${region})` : ''
        }; left out: import ${`spaces-${e.region}.json`} (aws s3api list-buckets against https://${e.region}.digitaloceanspaces.com)`,
      );
      return [];
    }
    return [
      {
        space: e.space,
        id: e.id,
        ...(e.customDomain !== undefined ? { customDomain: e.customDomain } : {}),
        ...(e.ttlSeconds !== undefined ? { ttlSeconds: e.ttlSeconds } : {}),
      },
    ];
  });
}
