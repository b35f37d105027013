/** The NFS client actions of EFS, which file system policies allow and deny (EFS's IAM actions reference). */
export const EFS_CLIENT_ACTIONS = [
  'elasticfilesystem:ClientMount',
  'elasticfilesystem:ClientWrite',
  'elasticfilesystem:ClientRootAccess',
] as const;
