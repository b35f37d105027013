/**
 * How often an EventBridge schedule expression fires in a month of HOURS_PER_MONTH hours, for the cost of
 * scheduled tasks: `rate(value unit)` exactly; `cron(minutes hours day-of-month month day-of-week year)` as
 * an average month (field syntax: EventBridge "Schedule expressions", docs.aws.amazon.com/eventbridge/latest/
 * userguide/eb-scheduled-rule-pattern.html). Undefined for what cannot be counted without a calendar
 * (`L`, `W`, `#`), so the plan says the run count is unknown rather than guess.
 */
import { HOURS_PER_MONTH } from '../prices';

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** Values a cron field selects out of [min, max]: `*`, `?`, lists, ranges and `/` increments. */
function fieldCount(
  field: string,
  min: number,
  max: number,
  names: readonly string[] = [],
): number | undefined {
  if (field === '*' || field === '?') return max - min + 1;
  const value = (text: string): number | undefined => {
    const named = names.indexOf(text.toUpperCase());
    if (named >= 0) return min + named;
    return /^\d+$/.test(text) ? Number(text) : undefined;
  };
  const chosen = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    const [fromText, toText] = m[1] === '*' ? [String(min), String(max)] : m[1].split('-');
    const from = value(fromText);
    const to = toText === undefined ? (m[2] === undefined ? from : max) : value(toText);
    if (from === undefined || to === undefined || step < 1 || from < min || to > max || from > to)
      return undefined;
    for (let v = from; v <= to; v += step) chosen.add(v);
  }
  return chosen.size;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Runs per month of a `rate(...)` or `cron(...)` expression, or undefined when it cannot be counted. */
export function runsPerMonth(expression: string): number | undefined {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) return undefined;
    const minutes = rate[2].startsWith('minute') ? n : rate[2].startsWith('hour') ? n * 60 : n * 1440;
    return (HOURS_PER_MONTH * 60) / minutes;
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minute, hour, dom, month, dow] = fields;
  const minutes = fieldCount(minute, 0, 59);
  const hours = fieldCount(hour, 0, 23);
  const months = fieldCount(month, 1, 12, MONTHS);
  let days: number | undefined;
  if (dom !== '*' && dom !== '?') {
    const n = fieldCount(dom, 1, 31);
    days = n === undefined ? undefined : Math.min(n, DAYS_PER_MONTH);
  } else if (dow !== '*' && dow !== '?') {
    const n = fieldCount(dow, 1, 7, WEEKDAYS);
    days = n === undefined ? undefined : (n * DAYS_PER_MONTH) / 7;
  } else days = DAYS_PER_MONTH;
  if (minutes === undefined || hours === undefined || months === undefined || days === undefined)
    return undefined;
  return minutes * hours * days * (months / 12);
}
