/**
 * zod's index loads all 60 of its translated error locales (~25 ms of every start); dropship writes its own
 * messages and uses only the English one, which zod loads by itself. Imported before zod.
 */
import { dirname, join } from 'node:path';
import { deferModule } from './defer-module';

const zodDir = dirname(require.resolve('zod/package.json'));
deferModule(join(zodDir, 'v4', 'locales', 'index.cjs'), zodDir, { esModule: true });
