import { AwsError } from '../../framework/types';
import { applyFilters, type Ec2Filter } from './filters';
import { ec2Op } from './handler';

/** The commercial regions that need no opt-in, as DescribeRegions lists them by default. */
const REGIONS = [
  'ap-south-1', 'eu-north-1', 'eu-west-3', 'eu-west-2', 'eu-west-1', 'ap-northeast-3', 'ap-northeast-2',
  'ap-northeast-1', 'ca-central-1', 'sa-east-1', 'ap-southeast-1', 'ap-southeast-2', 'eu-central-1',
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

/** How many availability zones each region has (us-east-1 has six, most have three). */
const ZONE_COUNT: Record<string, number> = { 'us-east-1': 6, 'us-west-2': 4, 'ap-northeast-2': 4, 'us-west-1': 2 };

const DIRECTIONS: Record<string, string> = {
  east: 'e', west: 'w', north: 'n', south: 's', central: 'c',
  southeast: 'se', southwest: 'sw', northeast: 'ne', northwest: 'nw',
};

/** The zone id prefix of a region: us-east-1 → use1, ap-southeast-2 → apse2. */
function zoneIdPrefix(region: string): string {
  const [area, direction, number] = region.split('-');
  return `${area}${DIRECTIONS[direction] ?? direction.slice(0, 1)}${number}`;
}

/** The availability zones of a region: names `us-east-1a…` with zone ids `use1-az1…`. */
export function zonesOf(region: string): Array<{ name: string; id: string }> {
  const count = ZONE_COUNT[region] ?? 3;
  return Array.from({ length: count }, (_, i) => ({
    name: `${region}${String.fromCharCode(97 + i)}`,
    id: `${zoneIdPrefix(region)}-az${i + 1}`,
  }));
}

/** Resolves an AZ given by name or id, throwing AWS's error for one outside the region. */
export function resolveZone(region: string, name?: string, id?: string): { name: string; id: string } {
  const zones = zonesOf(region);
  if (!name && !id) return zones[0];
  const zone = zones.find((z) => (name ? z.name === name : z.id === id));
  if (!zone) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value (${name ?? id}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.name).join(', ')}.`,
    );
  }
  return zone;
}

/** The region handlers: DescribeRegions and DescribeAvailabilityZones. */
export const regionHandlers = {
  DescribeRegions: ec2Op<{ RegionNames?: string[]; Filters?: Ec2Filter[]; AllRegions?: boolean }>(
    (input) => {
      for (const name of input.RegionNames ?? []) {
        if (!REGIONS.includes(name)) throw new AwsError('InvalidParameterValue', `Invalid region: ${name}`);
      }
      const rows = REGIONS.filter((r) => !input.RegionNames?.length || input.RegionNames.includes(r)).map((r) => ({
        RegionName: r,
        Endpoint: `ec2.${r}.amazonaws.com`,
        OptInStatus: 'opt-in-not-required',
      }));
      const Regions = applyFilters(rows, input.Filters, {
        fields: { 'region-name': (r) => r.RegionName, endpoint: (r) => r.Endpoint, 'opt-in-status': (r) => r.OptInStatus },
      });
      return { Regions };
    },
    { readOnly: true },
  ),

  DescribeAvailabilityZones: ec2Op<{ ZoneNames?: string[]; ZoneIds?: string[]; Filters?: Ec2Filter[]; AllAvailabilityZones?: boolean }>(
    (input, { ctx }) => {
      const zones = zonesOf(ctx.region);
      for (const name of input.ZoneNames ?? []) {
        if (!zones.some((z) => z.name === name)) throw new AwsError('InvalidParameterValue', `The zone '${name}' does not exist.`);
      }
      for (const id of input.ZoneIds ?? []) {
        if (!zones.some((z) => z.id === id)) throw new AwsError('InvalidParameterValue', `The zone id '${id}' does not exist.`);
      }
      const rows = zones
        .filter((z) => (!input.ZoneNames?.length && !input.ZoneIds?.length) || input.ZoneNames?.includes(z.name) || input.ZoneIds?.includes(z.id))
        .map((z) => ({
          OptInStatus: 'opt-in-not-required' as const,
          Messages: [],
          RegionName: ctx.region,
          ZoneName: z.name,
          ZoneId: z.id,
          GroupName: ctx.region,
          NetworkBorderGroup: ctx.region,
          ZoneType: 'availability-zone',
          State: 'available' as const,
        }));
      const AvailabilityZones = applyFilters(rows, input.Filters, {
        fields: {
          'zone-name': (z) => z.ZoneName,
          'zone-id': (z) => z.ZoneId,
          'region-name': (z) => z.RegionName,
          state: (z) => z.State,
          'zone-type': (z) => z.ZoneType,
          'group-name': (z) => z.GroupName,
          'opt-in-status': (z) => z.OptInStatus,
        },
      });
      return { AvailabilityZones };
    },
    { readOnly: true },
  ),
};
