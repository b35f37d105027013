/** The NFS client actions of EFS, which file system policies allow and deny (EFS's IAM actions reference). */
export const EFS_CLIENT_ACTIONS = [
  'elasticfilesystem:ClientMount',
  'elasticfilesystem:ClientWrite',
  'elasticfilesystem:ClientRootAccess',
] as const;

/** The statement of every EFS file system policy that refuses requests without TLS. */
export function denyEfsWithoutTls(fileSystem: string[]) {
  return {
    Sid: 'DenyUnencryptedTransport',
    Effect: 'Deny' as const,
    Principal: { AWS: '*' },
    Action: ['elasticfilesystem:*'],
    Resource: fileSystem,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
