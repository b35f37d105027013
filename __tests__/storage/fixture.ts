/** A spec with two Spaces (one public, behind a CDN), one app `web` and the given buckets. */
import { baseSpecInput } from '../helpers/synth';

export function storageSpec(buckets: unknown[], environment: Record<string, string> = {}) {
  return {
    ...baseSpecInput(),
    digitalocean: {
      domains: [{ name: 'example.com', dns: 'digitalocean' }],
      spaces: [
        {
          name: 'shop-uploads',
          region: 'nyc3',
          cors: [{ allowedOrigins: ['https://shop.example.com'], allowedMethods: ['GET'] }],
        },
        { name: 'shop-assets', region: 'ams3', acl: 'public-read' },
      ],
      cdnEndpoints: [{ space: 'shop-assets', customDomain: 'cdn.example.com' }],
    },
    apps: [{ name: 'web', containers: [{ name: 'app', image: { uri: 'nginx:1.27' }, environment }] }],
    storage: { buckets },
  };
}

/** A rendered aws_s3_bucket_public_access_block that blocks every kind of public access. */
export const ALL_PUBLIC_ACCESS_BLOCKED = {
  block_public_acls: true,
  block_public_policy: true,
  ignore_public_acls: true,
  restrict_public_buckets: true,
};
