/** Security group names and descriptions within AWS's limits and character set. */
import { awsName } from '../../schema/facts/aws-names';

/** GroupName: `<prefix>-<key>` within 255 characters; AWS reserves names starting with `sg-`. */
export function groupName(prefix: string, key: string): string {
  const cacheKey = `${prefix}\u0000${key}`;
  let name = groupNames.get(cacheKey);
  if (name === undefined) {
    name = awsName('securityGroup', prefix, key);
    if (name.startsWith('sg-')) name = awsName('securityGroup', 'dropship', prefix, key);
    if (groupNames.size < 100000) groupNames.set(cacheKey, name);
  }
  return name;
}

/**
 * Group names by prefix and key: every rule's description names its peer group, so a 1,000-app graph asks
 * for the same few names tens of thousands of times (a hash each when the name is cut to fit).
 */
const groupNames = new Map<string, string>();

/** Characters a security group or rule description may hold. */
const DESCRIPTION_CHARACTERS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

/** Security group and rule descriptions allow a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* only. */
export function sanitizeDescription(text: string): string {
  // Most descriptions are built from names dropship made: already clean, they need no rewriting.
  if (
    text.length <= 255 &&
    DESCRIPTION_CHARACTERS.test(text) &&
    !text.includes('  ') &&
    text.trim().length === text.length
  )
    return text;
  return text
    .replace(/[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, 255);
}
