import { profileOf } from '../../framework/time-profile';
import { AwsError } from '../../framework/types';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { ec2Op } from './handler';
import { zonesOf } from './regions';

/**
 * Which instance types each Availability Zone offers (DescribeInstanceTypeOfferings). Not every
 * zone offers every type: older zones lack the Nitro generation (us-east-1e, zone id use1-az3,
 * offers no t3), and some newer ones the previous generation (us-west-2d offers no t2). The aws
 * profile honours these gaps, and RunInstances in such a zone answers `Unsupported` with AWS's
 * text; the other profiles offer every type everywhere so a lab never depends on its zone there.
 */

/** Families (the part before the dot) the offerings cover, with the sizes listed for each. */
const FAMILIES: Record<string, string[]> = {
  t2: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  t3: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  t3a: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  t4g: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  m4: ['large', 'xlarge', '2xlarge', '4xlarge'],
  m5: ['large', 'xlarge', '2xlarge', '4xlarge'],
  m6i: ['large', 'xlarge', '2xlarge', '4xlarge'],
  m7i: ['large', 'xlarge', '2xlarge', '4xlarge'],
  c4: ['large', 'xlarge', '2xlarge', '4xlarge'],
  c5: ['large', 'xlarge', '2xlarge', '4xlarge'],
  c6i: ['large', 'xlarge', '2xlarge', '4xlarge'],
  r5: ['large', 'xlarge', '2xlarge', '4xlarge'],
};

const NITRO = ['t3', 't3a', 't4g', 'm5', 'm6i', 'm7i', 'c5', 'c6i', 'r5'];

/** Zones (by position in the region, 0 = `a`) that do not offer some families. */
const GAPS: Record<string, { zoneIndex: number; families: string[] }> = {
  'us-east-1': { zoneIndex: 4, families: NITRO }, // us-east-1e
  'us-west-2': { zoneIndex: 3, families: ['t2'] }, // us-west-2d
};

/** The gap of a region: the documented ones above; elsewhere we model the last zone without t3, so every region has one. */
function gapOf(region: string): { zone: string; families: string[] } {
  const zones = zonesOf(region);
  const gap = GAPS[region] ?? { zoneIndex: zones.length - 1, families: ['t3'] };
  return { zone: zones[gap.zoneIndex]?.name ?? '', families: gap.families };
}

/** Whether a zone offers an instance type, for the given profile strictness. */
function offers(region: string, zone: string, instanceType: string, strict: boolean): boolean {
  if (!strict) return true;
  const gap = gapOf(region);
  return !(gap.zone === zone && gap.families.includes(instanceType.split('.')[0]));
}

/** Throws AWS's `Unsupported` when the zone does not offer the type (aws profile only). */
export function checkOffered(region: string, zone: string, instanceType: string, strict: boolean): void {
  if (offers(region, zone, instanceType, strict)) return;
  const others = zonesOf(region)
    .map((z) => z.name)
    .filter((z) => offers(region, z, instanceType, strict));
  throw new AwsError(
    'Unsupported',
    `Your requested instance type (${instanceType}) is not supported in your requested Availability Zone (${zone}). Please retry your request by not specifying an Availability Zone or choosing ${others.join(', ')}.`,
  );
}

const LOCATION_TYPES = ['region', 'availability-zone', 'availability-zone-id'];

interface Offering {
  InstanceType: string;
  LocationType: string;
  Location: string;
}

/** DescribeInstanceTypeOfferings: per region (default), per zone name or per zone id. */
export const instanceTypeOfferingHandlers = {
  DescribeInstanceTypeOfferings: ec2Op<{ LocationType?: string; Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { ctx }) => {
      const locationType = input.LocationType ?? 'region';
      if (!LOCATION_TYPES.includes(locationType)) {
        throw new AwsError('InvalidParameterValue', `Value (${locationType}) for parameter locationType is invalid. Valid values are ${LOCATION_TYPES.join(', ')}.`);
      }
      if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000)) {
        throw new AwsError('InvalidParameterValue', `Value (${input.MaxResults}) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
      }
      const strict = profileOf(ctx.runtime).strict;
      const types = Object.entries(FAMILIES).flatMap(([family, sizes]) => sizes.map((size) => `${family}.${size}`));
      const rows: Offering[] = [];
      if (locationType === 'region') {
        for (const t of types) rows.push({ InstanceType: t, LocationType: 'region', Location: ctx.region });
      } else {
        for (const zone of zonesOf(ctx.region)) {
          for (const t of types) {
            if (offers(ctx.region, zone.name, t, strict)) rows.push({ InstanceType: t, LocationType: locationType, Location: locationType === 'availability-zone' ? zone.name : zone.id });
          }
        }
      }
      const matching = applyFilters(rows, input.Filters, { fields: { 'instance-type': (o) => o.InstanceType, location: (o) => o.Location } });
      const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
      return { InstanceTypeOfferings: page, NextToken: nextToken };
    },
    { readOnly: true },
  ),
};
