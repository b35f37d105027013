/**
 * The CA certificates the DMS endpoints verify their servers against (`ssl_mode = verify-full`): one per
 * DigitalOcean cluster a task reads (databases moving from one cluster share it), one for the RDS regional CA
 * bundle every target is signed under.
 *
 * `require` only encrypts: anyone on the path between the replication instance and DigitalOcean (the
 * internet) could pose as the cluster and receive the doadmin login and every row. DMS also refuses
 * `require` on MySQL endpoints (AWS DMS User Guide, "Using SSL with AWS DMS", table of SSL modes per engine:
 * MySQL supports verify-ca and verify-full; PostgreSQL all modes).
 *
 * The PEMs are not in the spec and dropship fetches nothing at synth: each comes from a Terraform variable
 * whose name dropship builds (`dms_do_ca_pem_<first database of the cluster>`, `dms_rds_ca_pem`), so no spec string becomes part
 * of a Terraform expression; a manual step writes them into a var file.
 */
import type { CompileContext } from '../context';
import type { ManualStep } from '../model';
import type { DmsCertificatePlan } from '../model/data';
import { awsName } from '../../schema/facts/aws-names';
import type { DoDatabaseSpec } from '../../schema/spec';
import { sh, shComment, toCommands } from '../shell';
import { doClusterId } from './do-stores';

/** Key of the RDS regional CA bundle's certificate. */
export const RDS_CERTIFICATE = 'rds';
/**
 * Key of a DigitalOcean cluster's CA, which the source endpoint of every database moving from that cluster
 * verifies against (one certificate per cluster). `_` occurs in no database name, so no key is the former
 * per-database key (`do-<database>`) of another certificate and the moved blocks cannot form a cycle.
 */
export const sourceCertificateKey = (cluster: string): string => `do-cluster_${cluster}`;
/** The per-database key earlier output gave each source certificate: where applied state moves from. */
const formerSourceCertificateKey = (database: string): string => `do-${database}`;
/** The var file the certificate step writes and every plan and apply of the data stack reads. */
export const DMS_CERTIFICATES_VAR_FILE = 'dms-certificates.tfvars.json';

/** RDS publishes one bundle per region (RDS User Guide, "Using SSL/TLS to encrypt a connection"). */
const rdsBundleUrl = (region: string) =>
  `https://truststore.pki.rds.amazonaws.com/${region}/${region}-bundle.pem`;

/** A database name (lowercase letters, digits, `-`) as a Terraform variable name part (`-` → `_`). */
const variablePart = (database: string) => database.replace(/[^a-z0-9]/g, '_');

/**
 * The RDS bundle, then one certificate per DigitalOcean cluster a task reads, in the order of its first
 * database. The cluster's certificate keeps what earlier output gave its first database's (the certificate id,
 * which forces replacement, and DMS refuses to delete a certificate an endpoint still uses; the variable, so
 * the var file written before still sets it) and moves from that database's address; the certificates of the
 * cluster's other databases are destroyed once their endpoints point at the shared one.
 */
export function dmsCertificates(
  ctx: CompileContext,
  sources: readonly { database: string; source: DoDatabaseSpec }[],
): DmsCertificatePlan[] {
  const databasesOf = new Map<string, string[]>();
  for (const { database, source } of sources) {
    const databases = databasesOf.get(source.name);
    if (databases) databases.push(database);
    else databasesOf.set(source.name, [database]);
  }
  return [
    {
      key: RDS_CERTIFICATE,
      certificateId: awsName('dmsIdentifier', ctx.prefix, 'rds-ca'),
      variableName: 'dms_rds_ca_pem',
      description: `The RDS CA bundle of ${ctx.spec.aws.region} (PEM), which the DMS target endpoints verify RDS against`,
    },
    ...[...databasesOf].map(([cluster, databases]) => ({
      key: sourceCertificateKey(cluster),
      certificateId: awsName('dmsIdentifier', ctx.prefix, databases[0], 'do-ca'),
      variableName: `dms_do_ca_pem_${variablePart(databases[0])}`,
      description: `The CA certificate (PEM) of the DigitalOcean cluster ${cluster}, which the DMS source endpoints of ${databases.join(', ')} verify the cluster against`,
      movedFrom: formerSourceCertificateKey(databases[0]),
    })),
  ];
}

/** Where a cluster's CA is saved: one file per DigitalOcean cluster name (a resource name, a plain file name). */
const doCaFile = (source: DoDatabaseSpec) => `do-ca-${source.name}.pem`;

/**
 * Saves each certificate (DigitalOcean: `doctl databases get-ca`, which prints the PEM base64-encoded in
 * JSON; RDS: the regional bundle) and writes the var file with jq, which reads each PEM as a string.
 */
export function dmsCertificateStep(
  ctx: CompileContext,
  certificates: readonly DmsCertificatePlan[],
  sources: readonly { database: string; source: DoDatabaseSpec }[],
): Omit<ManualStep, 'order'> {
  const region = ctx.spec.aws.region;
  const rdsFile = `rds-ca-${region}.pem`;
  const fileOf = (cert: DmsCertificatePlan) => {
    if (cert.key === RDS_CERTIFICATE) return rdsFile;
    const entry = sources.find((s) => sourceCertificateKey(s.source.name) === cert.key)!;
    return doCaFile(entry.source);
  };
  const downloads = [...new Map(sources.map((s) => [s.source.name, s.source])).values()].map((source) => {
    const cluster = doClusterId(source);
    return sh`doctl databases get-ca ${cluster} --output json | jq -r '.certificate | @base64d' > ${doCaFile(source)}`;
  });
  // `$c0`, `$c1`, … hold the files' text; the keys are variable names dropship built.
  const program = `{${certificates.map((c, i) => `${JSON.stringify(c.variableName)}: $c${i}`).join(', ')}}`;
  const rawFiles = certificates.flatMap((c, i) => [sh`--rawfile ${`c${i}`} ${fileOf(c)}`]);
  return {
    title: 'Give the DMS endpoints the CA certificates they verify the servers against',
    detail:
      'The DMS endpoints use ssl_mode verify-full: DigitalOcean is checked against its cluster CA, RDS against the RDS CA bundle of the region. ' +
      `The certificates are public but not in the spec, and dropship fetches nothing: Terraform reads them from the variables ${certificates.map((c) => c.variableName).join(', ')}. ` +
      `Before planning the data stack, write them into ${DMS_CERTIFICATES_VAR_FILE} and pass -var-file=<path to it> to every terraform plan and apply of the data stack (the file may be committed; keep it outside the synth output folder, which synth replaces).`,
    commands: toCommands([
      shComment(
        'The DigitalOcean cluster CA (also under the cluster’s Connection details, Download CA certificate):',
      ),
      ...downloads,
      sh`curl -fsSo ${rdsFile} ${rdsBundleUrl(region)}`,
      sh`jq -n ${rawFiles} ${program} > ${DMS_CERTIFICATES_VAR_FILE}`,
    ]),
  };
}
