/** Where an app's images come from: a declared ECR repository, or a URI that may or may not be ECR. */

/** The account and region of a private ECR registry URI (`<account>.dkr.ecr.<region>.amazonaws.com/...`). */
export function ecrRegistryOf(uri: string): { account: string; region: string } | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?\//.exec(uri);
  return match ? { account: match[1], region: match[2] } : undefined;
}
