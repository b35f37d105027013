import type { Partition } from '../model';

/**
 * The partition of every ARN dropship builds at compile time. Only the commercial partition: the regions
 * the spec accepts are all in it (China and GovCloud would need `aws-cn` and `aws-us-gov`).
 */
export const PARTITION: Partition = 'aws';
