/**
 * A host name written as a URL or an address (`https://shop.example.com/`, `shop.example.com:443`,
 * `shop.example.com.`): the hint shows the host name alone, and what was taken off, when that is valid.
 */

/** The parts a URL adds around a host name, in the order they are taken off. */
const PARTS: { noun: string; pattern: RegExp; quiet?: boolean }[] = [
  { noun: 'the scheme', pattern: /^[a-z][a-z0-9+.-]*:\/\//i },
  // user:password@ is never repeated: it may be a credential.
  { noun: 'the user name and password', pattern: /^[^@/?#]*@/, quiet: true },
  { noun: 'the path', pattern: /[/?#].*$/s },
  { noun: 'the port', pattern: /:\d*$/ },
  { noun: 'the trailing dot', pattern: /\.+$/ },
];

/**
 * `write shop.example.com (without the scheme "https://", the path "/")`, or undefined when taking those
 * parts off (and lowercasing) does not give a name the field `accepts`.
 */
export function hostnameHint(
  value: string,
  noun: 'host name' | 'domain name',
  accepts: (name: string) => boolean,
): string | undefined {
  let host = value.trim();
  const removed: string[] = [];
  for (const { noun, pattern: part, quiet } of PARTS) {
    const match = part.exec(host);
    if (!match || match[0] === '') continue;
    removed.push(quiet ? noun : `${noun} ${JSON.stringify(match[0])}`);
    host = host.slice(0, match.index) + host.slice(match.index + match[0].length);
  }
  if (removed.length === 0) return undefined;
  const lower = host.toLowerCase();
  if (!accepts(lower)) return undefined;
  return `a ${noun} has no scheme, path, port or trailing dot: write ${lower} (without ${removed.join(', ')})`;
}
