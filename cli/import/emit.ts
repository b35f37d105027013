/**
 * Renders migration.yaml with the `yaml` Document API: plain data in spec order, comments attached at spec
 * paths, small leaf collections (IPs, tags, records, rules) in flow style so the inventory stays readable.
 */
import { Document, Scalar, isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { YamlComment } from './comments';

/** Keys whose value (or whose list items) reads best on one line. */
const FLOW_VALUES = new Set(['ipv4', 'image', 'healthCheck', 'sources', 'destinations', 'uses', 'size']);
const FLOW_ITEMS = new Set([
  'records',
  'inbound',
  'outbound',
  'forwardingRules',
  'repositories',
  'readOnlyNodes',
  'cors',
  'lifecycle',
  'cdnEndpoints',
  'certificates',
]);

export const LINE_WIDTH = 110;

export function renderYaml(
  data: Record<string, unknown>,
  comments: readonly YamlComment[],
  header?: string,
): string {
  const doc = new Document(data);
  applyFlowStyle(doc.contents as Node, undefined);
  for (const comment of comments) attachComment(doc, comment);
  if (header) doc.commentBefore = header.replace(/^(?! )/gm, ' ');
  return doc.toString({ lineWidth: LINE_WIDTH, flowCollectionPadding: false });
}

function applyFlowStyle(node: Node | null | undefined, key: string | undefined, parentKey?: string): void {
  if (isSeq(node)) {
    if (node.items.every((item) => isScalar(item))) node.flow = true;
    for (const item of node.items) {
      if (isMap(item) && key !== undefined && FLOW_ITEMS.has(key) && fitsOnOneLine(item)) item.flow = true;
      applyFlowStyle(item as Node, undefined, key);
    }
  } else if (isScalar(node)) {
    // YAML 1.2 reads a plain `::/0` in a flow list, but YAML 1.1 tools (PyYAML: yamllint, pre-commit's
    // check-yaml, Ansible) refuse a plain scalar that starts with `:` there; quoted, every parser agrees.
    if (typeof node.value === 'string' && node.value.startsWith(':')) node.type = Scalar.QUOTE_DOUBLE;
    // Long prose (secret descriptions) reads better as a folded block than as a wrapped quoted string.
    if (typeof node.value === 'string' && node.value.length > LINE_WIDTH - 30)
      node.type = Scalar.BLOCK_FOLDED;
  } else if (isMap(node)) {
    if (key !== undefined && FLOW_VALUES.has(key) && parentKey !== 'aws') node.flow = true;
    for (const pair of node.items)
      if (isPair(pair) && isScalar(pair.key)) applyFlowStyle(pair.value as Node, String(pair.key.value), key);
  }
}

/** Room for a list item on one line at the inventory's indentation. */
function fitsOnOneLine(node: Node): boolean {
  return JSON.stringify(node.toJSON()).replace(/"/g, '').length <= LINE_WIDTH - 16;
}

function attachComment(doc: Document, comment: YamlComment): void {
  const { path, text, placement } = comment;
  const parent = (path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents) as Node | undefined;
  const last = path[path.length - 1];
  let target: Node | undefined;
  if (path.length === 0) target = doc.contents as Node;
  else if (isMap(parent)) {
    const pair = (parent as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === last);
    target = (placement === 'before' ? pair?.key : pair?.value) as Node | undefined;
  } else if (isSeq(parent) && typeof last === 'number') target = parent.items[last] as Node | undefined;
  if (!target) throw new Error(`internal: no YAML node at ${path.join('.')} for a comment`);
  if (placement === 'before') target.commentBefore = join(target.commentBefore, text);
  else target.comment = join(target.comment, text);
}

function join(existing: string | null | undefined, text: string): string {
  return existing ? `${existing}\n${text}` : text;
}
