/**
 * What RDS Extended Support costs an instance of a version whose standard support had ended by the engine
 * facts' date (ENGINE_FACTS_DATE, never the clock): RDS bills it per vCPU-hour from the day after the end of
 * standard support, the Multi-AZ standby included (AWS "Amazon RDS Extended Support charges").
 */
import { classHardware } from '../../../schema/facts/db-class-support';
import { supportStatus, type RdsEngineVersion } from '../../../schema/facts/engine-versions';
import { AWS_PRICES, HOURS_PER_MONTH, type Price } from '../../prices';

export interface ExtendedSupportCost {
  vcpus: number;
  instances: number;
  price: Price;
  monthlyUsd: number;
  /** `2 vCPU × 2 instances × $0.100/vCPU-hour × 730 h`. */
  detail: string;
}

/** Undefined while the version is in standard support, or when the class's vCPUs are unknown. */
export function extendedSupportCost(
  version: RdsEngineVersion,
  instanceClass: string,
  instances: number,
): ExtendedSupportCost | undefined {
  const status = supportStatus(version);
  const vcpus = classHardware(instanceClass)?.vcpus;
  if (status.state !== 'extended' || vcpus === undefined) return undefined;
  // Years 1-2 after the end bill one rate, year 3 twice it.
  const price =
    status.sinceYears >= 2
      ? AWS_PRICES.rdsExtendedSupportVcpuHourYear3
      : AWS_PRICES.rdsExtendedSupportVcpuHourYears1to2;
  const monthlyUsd = Math.round(vcpus * instances * price.usd * HOURS_PER_MONTH * 100) / 100;
  return {
    vcpus,
    instances,
    price,
    monthlyUsd,
    detail: `${vcpus} vCPU × ${instances} instance${instances === 1 ? '' : 's'} × $${price.usd.toFixed(3)}/vCPU-hour × ${HOURS_PER_MONTH} h`,
  };
}
