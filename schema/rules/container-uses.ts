/**
 * Containers' `uses`: each entry names a database or cache of its app's `uses` (the security groups follow
 * the app's list), once; the variables a container receives clash neither with each other nor with its own
 * `environment` and `secrets` (ECS would pass both, and which one the process sees is not the spec's
 * choice); a store the app uses that no container receives is a warning (a third-party image receives
 * nothing unless it lists the store).
 */
import { formatPath } from '../diagnostics';
import type { FindingPath, Report } from '../report';
import type { AppSpec } from '../spec';
import { didYouMean } from '../suggest';
import {
  injectedVariables,
  isFirstPartyImage,
  receivedStores,
  receivesByDefault,
  storeOfUse,
  type InjectedVariable,
  type StoreKind,
} from '../inventory/container-uses';

export function checkContainerUses(
  r: Report,
  app: AppSpec,
  at: FindingPath,
  isAurora: (database: string) => boolean,
): void {
  app.containers.forEach((c, j) => {
    if (c.uses) checkUsesEntries(r, app, j, at);
    checkVariableClashes(r, app, j, at, isAurora);
  });
  checkEveryStoreReceived(r, app, at);
}

const listOf = (kind: StoreKind) => (kind === 'database' ? 'databases' : 'caches');

/** Each entry resolves in the app's `uses`, unambiguously, and is listed once. */
function checkUsesEntries(r: Report, app: AppSpec, j: number, at: FindingPath): void {
  const container = app.containers[j];
  const seen = new Set<string>();
  container.uses!.forEach((use, k) => {
    const path = [...at, 'containers', j, 'uses', k];
    if (typeof use === 'string') {
      const both = app.uses.databases.includes(use) && app.uses.caches.includes(use);
      if (both) {
        r.error(path, 'uses-ambiguous', `\`${use}\` is both a database and a cache of app \`${app.name}\``, {
          hint: `write { database: ${use} } or { cache: ${use} }`,
        });
        return;
      }
      if (!storeOfUse(app, use)) {
        const known = [...app.uses.databases, ...app.uses.caches];
        r.error(
          path,
          'uses-not-in-app',
          `container \`${container.name}\` uses \`${use}\`, which app \`${app.name}\` does not list under uses.databases or uses.caches`,
          {
            expected: known.length > 0 ? `one of: ${known.join(', ')}` : undefined,
            hint:
              didYouMean(use, known) ??
              `add it to the app's uses (the security groups open for what the app uses), then list it here`,
          },
        );
        return;
      }
    } else {
      const store = storeOfUse(app, use)!;
      const names = app.uses[listOf(store.kind)];
      if (!names.includes(store.name)) {
        r.error(
          [...path, store.kind],
          'uses-not-in-app',
          `container \`${container.name}\` uses ${store.kind} \`${store.name}\`, which app \`${app.name}\` does not list under uses.${listOf(store.kind)}`,
          {
            expected: names.length > 0 ? `one of: ${names.join(', ')}` : undefined,
            hint:
              didYouMean(store.name, names) ??
              `add it to the app's uses.${listOf(store.kind)} (the security groups open for what the app uses)`,
          },
        );
        return;
      }
    }
    const store = storeOfUse(app, use)!;
    if (typeof use !== 'string' && use.env) warnWithoutTls(r, container.name, store, use.env, path);
    if (typeof use !== 'string' && use.env && Object.keys(use.env).length === 0)
      r.error([...path, 'env'], 'uses-empty-env', `env names no setting of ${store.kind} \`${store.name}\``, {
        hint: `name the settings the container receives (host, port, ...), or leave env out for all of them under their default names`,
      });
    const key = `${store.kind}:${store.name}`;
    if (seen.has(key))
      r.error(
        path,
        'uses-duplicate',
        `container \`${container.name}\` lists ${store.kind} \`${store.name}\` twice`,
        {
          hint: 'list each store once, with every renamed setting in one env mapping',
        },
      );
    seen.add(key);
  });
}

/**
 * Every store dropship wires accepts TLS only: RDS through its parameter group (require_secure_transport,
 * rds.force_ssl), ElastiCache with transit encryption, and the DigitalOcean clusters the tasks use until
 * cutover.dataMoved. An env mapping receives exactly the settings it names, so one that leaves out the TLS
 * setting drops it without a word, and a client that does not turn TLS on by itself is refused at its first
 * connection. `false` is the explicit "the image turns TLS on by itself".
 */
function warnWithoutTls(
  r: Report,
  container: string,
  store: { kind: StoreKind; name: string },
  env: Record<string, unknown>,
  path: FindingPath,
): void {
  if (Object.keys(env).length === 0) return; // uses-empty-env
  if (store.kind === 'database' ? 'sslmode' in env : 'tls' in env || 'scheme' in env) return;
  const database = store.kind === 'database';
  r.warn(
    [...path, 'env'],
    'uses-without-tls-setting',
    `the env mapping of ${store.kind} \`${store.name}\` in container \`${container}\` leaves out ${database ? 'sslmode' : 'tls and scheme'}, so the container receives no TLS setting; ` +
      (database
        ? 'RDS accepts TLS connections only (dropship’s parameter group sets require_secure_transport / rds.force_ssl), and so do the DigitalOcean clusters'
        : 'ElastiCache has transit encryption on (TLS connections only), and so do the DigitalOcean clusters') +
      ': a client that does not turn TLS on by itself is refused at its first connection',
    {
      hint: database
        ? 'name the variable the image reads its TLS mode from (sslmode: DB_SSLMODE, which receives verify-full or VERIFY_IDENTITY), or write sslmode: false if the image turns TLS on by itself (say how in a comment)'
        : 'name the variable the image reads (tls: REDIS_TLS receives "true", scheme: REDIS_SCHEME receives "tls"), or write tls: false if the image turns TLS on by itself (say how in a comment)',
    },
  );
}

const describe = (v: InjectedVariable) => `the ${v.setting} of ${v.kind} \`${v.store}\``;

/** Names a container receives are distinct, and none is one it sets itself. */
function checkVariableClashes(
  r: Report,
  app: AppSpec,
  j: number,
  at: FindingPath,
  isAurora: (database: string) => boolean,
): void {
  const container = app.containers[j];
  const first = new Map<string, InjectedVariable>();
  for (const v of injectedVariables(app, j, isAurora)) {
    // Paths and hints are built only for a finding: a 1,000-app spec injects some ten thousand variables.
    const origin = () => [...at, ...v.origin];
    const rename = () => `{ ${v.kind}: ${v.store}, env: { ${v.setting}: <another name> } }`;
    const earlier = first.get(v.variable);
    if (earlier) {
      r.error(
        origin(),
        'injected-variable-clash',
        `container \`${container.name}\` would receive ${v.variable} twice: as ${describe(earlier)} and as ${describe(v)}`,
        { hint: `give one of them another name in the container's uses: ${rename()}` },
      );
      continue;
    }
    first.set(v.variable, v);
    for (const field of ['environment', 'secrets'] as const) {
      if (!Object.prototype.hasOwnProperty.call(container[field], v.variable)) continue;
      const own = [...at, 'containers', j, field, v.variable];
      r.error(
        own,
        'injected-variable-conflict',
        `${v.variable} is set here and is also the variable dropship injects for ${describe(v)} (named by ${formatPath(origin())}): one would silently hide the other`,
        {
          anchor: 'key',
          hint: `rename the injected variable in the container's uses, ${rename()} (an env mapping lists every setting the container receives), or rename yours`,
        },
      );
    }
  }
}

/** A store the app uses (its security groups open for it) that no container receives is likely a mistake. */
function checkEveryStoreReceived(r: Report, app: AppSpec, at: FindingPath): void {
  const received = new Set(
    app.containers.flatMap((_, j) => receivedStores(app, j).map((s) => `${s.kind}:${s.name}`)),
  );
  const thirdParty = app.containers.filter((c) => c.uses === undefined && !isFirstPartyImage(c.image));
  const front = app.containers.find(
    (c) => c.uses === undefined && isFirstPartyImage(c.image) && !receivesByDefault(app, c),
  );
  for (const kind of ['database', 'cache'] as const)
    app.uses[listOf(kind)].forEach((name, k) => {
      if (received.has(`${kind}:${name}`)) return;
      const reasons = [
        ...(thirdParty.length > 0
          ? [
              `${thirdParty.map((c) => `\`${c.name}\``).join(', ')} ${thirdParty.length > 1 ? 'have' : 'has'} an image from outside the spec's ECR repositories, which receives no credentials unless its uses lists them`,
            ]
          : []),
        ...(front
          ? [`\`${front.name}\` is the public container, read as a front proxy that forwards to a sibling`]
          : []),
      ];
      const why = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
      r.warn(
        [...at, 'uses', listOf(kind), k],
        'uses-not-received',
        `no container of app \`${app.name}\` receives the settings of ${kind} \`${name}\`${why}`,
        {
          hint: `list it in the uses of the container that connects, uses: [${name}] (or { ${kind}: ${name}, env: { ... } } for the image's own variable names); if none connects, remove it from the app's uses`,
        },
      );
    });
}
