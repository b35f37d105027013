/**
 * The plan model: every type the compiler produces and stacks/ and cli/ read, one module per part of the
 * plan. Types only: nothing here computes anything, so every part and renderer can import it.
 */
export type * from './plan';

export type * from './record';

export type * from './refs';
export type * from './iam';

export type * from './network';

export type * from './security';

export type * from './registry';

export type * from './dns';

export type * from './data';

export type * from './wiring';

export type * from './apps';

export type * from './cutover';
export type * from './health-signal';

export type * from './digitalocean';

export type * from './ci';

export type * from './alarms';

export type * from './storage';
