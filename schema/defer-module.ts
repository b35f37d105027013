/**
 * A stand-in in Node's module cache for a module that a dependency loads at start-up but dropship rarely or
 * never calls: the real module is loaded on first use (a call or a property read), so behaviour is the
 * same and only the loading moves. Used for zod's 60 translated error locales (dropship words its own
 * messages) and for cdktf's asset and version-check dependencies (stacks/defer-cdktf-deps.ts).
 */
import Module from 'node:module';

interface DeferOptions {
  /**
   * Answer `__esModule: true` without loading: TypeScript's `__importStar` then takes the stand-in as the
   * namespace instead of reading every export at once.
   */
  esModule?: boolean;
}

type AnyModule = Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);

/** Defers `request` as resolved from `fromDir`; nothing happens if it is missing or already loaded. */
export function deferModule(request: string, fromDir: string, options: DeferOptions = {}): void {
  let file: string;
  try {
    file = require.resolve(request, { paths: [fromDir] });
  } catch {
    return;
  }
  if (require.cache[file]) return;
  let real: AnyModule | undefined;
  const load = (): AnyModule => {
    if (real === undefined) {
      delete require.cache[file];
      real = require(file) as AnyModule;
    }
    return real;
  };
  // A callable target, so a module that is a function (`archiver('zip', …)`) can be called; an arrow
  // function, which has no non-configurable own property the traps below would have to report.
  const standIn = new Proxy(() => undefined, {
    apply: (_target, thisArg, args: unknown[]) => Reflect.apply(load(), thisArg, args),
    get: (_target, key) => (options.esModule && key === '__esModule' ? true : load()[key]),
    has: (_target, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      // A proxy may not report a property as non-configurable unless its target has it.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  const entry = new Module(file);
  entry.filename = file;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[file] = entry;
}
