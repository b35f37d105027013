/**
 * Mail out of a task: a container configured for an SMTP server (EMAIL_HOST, MAIL_HOST or SMTP_HOST, as
 * Django, Laravel and most mailers name it) needs an egress entry on its port, since tasks leave only on TCP
 * 443 otherwise. The fix names 587, 465 or 2525, never 25: AWS throttles outbound port 25 from EC2 instances
 * and NAT gateways until a removal request is approved
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-resource-limits.html#port-25-throttle).
 */
import { egressPorts } from './egress';
import { usesVpcEndpoints } from './network';
import type { AppSpec, ContainerSpec, MigrationSpec } from '../spec';

export const SMTP_HOST_VARIABLES = ['EMAIL_HOST', 'MAIL_HOST', 'SMTP_HOST'] as const;

/** The ports mail submission runs on, in the order the fix offers them; 25 is relay, throttled by AWS. */
const SUBMISSION_PORTS = [587, 465, 2525] as const;
const RELAY_PORT = 25;

/** A host that is the task itself (a relay sidecar on localhost): no egress needed. */
const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '::1']);

export interface SmtpFinding {
  /** Path below the app: containers.<j>.environment|secrets.<VARIABLE>. */
  path: (string | number)[];
  message: string;
  hint: string;
}

/** Each container that names an SMTP server the app's egress does not reach, at its host variable. */
export function smtpWithoutEgress(spec: MigrationSpec, app: AppSpec, appIndex: number): SmtpFinding[] {
  const out: SmtpFinding[] = [];
  app.containers.forEach((c, j) => {
    for (const variable of SMTP_HOST_VARIABLES) {
      const where = whereSet(c, variable);
      if (!where) continue;
      const host = where === 'environment' ? c.environment[variable] : undefined;
      if (host !== undefined && LOCAL_HOSTS.has(host.trim())) continue;
      const portVariable = variable.replace(/_HOST$/, '_PORT');
      const portText = c.environment[portVariable];
      const port = portText !== undefined && /^\d{1,5}$/.test(portText.trim()) ? Number(portText) : undefined;
      const wanted = port === undefined ? [RELAY_PORT, ...SUBMISSION_PORTS] : [port];
      if (wanted.some((p) => egressAllows(app, p))) continue;
      out.push({
        path: ['containers', j, where, variable],
        message: message(app, c, variable, host, portVariable, port),
        hint: hint(spec, app, appIndex, host, portVariable, port),
      });
    }
  });
  return out;
}

function whereSet(c: ContainerSpec, variable: string): 'environment' | 'secrets' | undefined {
  if (Object.prototype.hasOwnProperty.call(c.environment, variable)) return 'environment';
  if (Object.prototype.hasOwnProperty.call(c.secrets, variable)) return 'secrets';
  return undefined;
}

function egressAllows(app: AppSpec, port: number): boolean {
  return app.egress.some((rule) => {
    const ports = egressPorts(rule);
    return rule.protocol === 'tcp' && ports !== undefined && ports.from <= port && port <= ports.to;
  });
}

function message(
  app: AppSpec,
  c: ContainerSpec,
  variable: string,
  host: string | undefined,
  portVariable: string,
  port: number | undefined,
): string {
  const server = host === undefined ? `the SMTP server in ${variable}` : `${host} (${variable})`;
  const base =
    port === undefined
      ? `${c.name} of ${app.name} sends mail through ${server}, but the app has no egress on an SMTP port (25, 465, 587 or 2525): its tasks may leave only on TCP 443`
      : `${c.name} of ${app.name} sends mail through ${server} on port ${port} (${portVariable}), but the app has no egress on TCP ${port}: its tasks may leave only on TCP 443`;
  return port === RELAY_PORT
    ? `${base}; and port 25 is throttled by AWS until a removal request is approved`
    : base;
}

function hint(
  spec: MigrationSpec,
  app: AppSpec,
  appIndex: number,
  host: string | undefined,
  portVariable: string,
  port: number | undefined,
): string {
  const chosen = port !== undefined && port !== RELAY_PORT ? port : SUBMISSION_PORTS[0];
  const entry = `{ description: "SMTP submission to ${host ?? 'the mail server'}", port: ${chosen}, to: { cidrs: [0.0.0.0/0] } }`;
  const portAdvice =
    port === undefined || port === RELAY_PORT
      ? ` and set ${portVariable}: ${chosen} (or 465 or 2525 if the provider offers them); not 25, which AWS throttles on EC2 and NAT gateways until a removal request is approved`
      : '';
  const nat = usesVpcEndpoints(spec)
    ? '; with nat: none the tasks have no route to the internet either, so choose nat: single or a relay inside the VPC'
    : '';
  return `add to apps[${appIndex}].egress (${app.name}) ${entry}, narrowed to the provider's published ranges if it has them,${portAdvice}${nat}`;
}
