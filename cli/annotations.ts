/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): each becomes an annotation on the
 * pull request's migration.yaml line. GitHub shows at most 10 annotations of each type per step and 50 per
 * job; past that a notice says how many there are and where the rest is.
 *
 * Every value is escaped as the Actions toolkit does (`%`, CR, LF; in properties also `:` and `,`), so a
 * message can never end its line and start a workflow command of its own.
 */

/** GitHub's display limit: annotations of one type per step. */
export const ANNOTATIONS_PER_TYPE = 10;

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  file: string;
  line: number;
  column?: number;
  /** Short, e.g. a rule code. */
  title?: string;
  message: string;
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command line (without the line ending). */
export function workflowCommand(a: Annotation): string {
  const props = [
    `file=${escapeProperty(a.file)}`,
    `line=${Math.max(1, Math.trunc(a.line))}`,
    ...(a.column !== undefined ? [`col=${Math.max(1, Math.trunc(a.column))}`] : []),
    ...(a.title !== undefined ? [`title=${escapeProperty(a.title)}`] : []),
  ];
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}

/**
 * The annotations as workflow commands, one per line, and a closing notice when GitHub would hide some:
 * `elsewhere` says where all of them can be read (the log, the SARIF upload).
 */
export function workflowCommands(annotations: readonly Annotation[], elsewhere: string): string {
  const lines = annotations.map(workflowCommand);
  const hidden = (['error', 'warning'] as const)
    .map((level) => ({ level, count: annotations.filter((a) => a.level === level).length }))
    .filter((t) => t.count > ANNOTATIONS_PER_TYPE);
  if (hidden.length > 0)
    lines.push(
      `::notice::${escapeData(
        `${hidden.map((t) => `${t.count} ${t.level}s`).join(' and ')}: GitHub shows ${ANNOTATIONS_PER_TYPE} ` +
          `annotations of each type per step (50 per job); ${elsewhere}`,
      )}`,
    );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
