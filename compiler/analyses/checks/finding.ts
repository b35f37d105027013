import type { Finding, TfResource } from '../types';

export const finding = (check: string, r: TfResource, message: string): Finding => ({
  check,
  stack: r.stack,
  resource: r.address,
  message,
});
