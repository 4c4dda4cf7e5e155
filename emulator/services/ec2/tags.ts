import { AwsError } from '../../framework/types';
import { applyFilters, paginate, type Ec2Filter } from './filters';
import { checkId, notFound } from './errors';
import type { Ec2State } from './state';
import { ec2Op } from './handler';

/** A tag as the SDK shapes it. */
export interface Tag {
  Key?: string;
  Value?: string;
}

/** A `TagSpecification` as the SDK shapes it. */
export interface TagSpecification {
  ResourceType?: string;
  Tags?: Tag[];
}

/** The EC2 resource type of an id, from its prefix (as DescribeTags reports it). */
const TYPE_BY_PREFIX: Record<string, string> = {
  vpc: 'vpc',
  subnet: 'subnet',
  igw: 'internet-gateway',
  rtb: 'route-table',
  sg: 'security-group',
  sgr: 'security-group-rule',
  key: 'key-pair',
  i: 'instance',
  eni: 'network-interface',
  fl: 'vpc-flow-log',
  ami: 'image',
  dopt: 'dhcp-options',
};

/** The resource type of an id, or undefined for a prefix EC2 does not tag here. */
export function resourceTypeOf(id: string): string | undefined {
  return TYPE_BY_PREFIX[id.slice(0, id.lastIndexOf('-'))];
}

/** The tags of a resource as a key → value record (empty when it has none). */
export function tagsOf(st: Ec2State, id: string): Record<string, string> {
  return st.tags[id] ?? {};
}

/** The tags of a resource as the SDK's `Tag[]`, or undefined when it has none (AWS then omits the set). */
export function tagList(st: Ec2State, id: string): Tag[] | undefined {
  const tags = st.tags[id];
  if (!tags || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Sets tags on a resource, replacing the values of keys it already has. */
export function setTags(st: Ec2State, id: string, tags: Tag[] | undefined): void {
  if (!tags || tags.length === 0) return;
  const current = (st.tags[id] ??= {});
  for (const t of tags) {
    if (!t.Key) throw new AwsError('InvalidParameterValue', 'Tag keys cannot be empty.');
    if (t.Key.toLowerCase().startsWith('aws:')) {
      throw new AwsError('InvalidParameterValue', `Value ( ${t.Key} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`);
    }
    current[t.Key] = t.Value ?? '';
  }
}

/**
 * Checks the TagSpecifications of a Create* call (each resource type must be one the operation
 * creates) and returns the tags per resource type, to apply once the resources exist.
 */
export function tagsFromSpecs(specs: TagSpecification[] | undefined, allowed: string[]): Record<string, Tag[]> {
  const out: Record<string, Tag[]> = {};
  for (const spec of specs ?? []) {
    const type = spec.ResourceType ?? '';
    if (!allowed.includes(type)) {
      throw new AwsError('InvalidParameterValue', `'${type}' is not a valid taggable resource type for this operation.`);
    }
    if (!spec.Tags || spec.Tags.length === 0) throw new AwsError('InvalidParameterValue', 'Tag specification must have at least one tag');
    (out[type] ??= []).push(...spec.Tags);
  }
  return out;
}

/** Throws the resource's NotFound error unless it exists (CreateTags/DeleteTags check every id). */
function checkResource(st: Ec2State, id: string): void {
  const prefix = id.includes('-') ? id.slice(0, id.lastIndexOf('-')) : '';
  const type = TYPE_BY_PREFIX[prefix];
  if (!type) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
  checkId(prefix, id);
  const exists: Record<string, () => boolean> = {
    vpc: () => id in st.vpcs,
    subnet: () => id in st.subnets,
    igw: () => id in st.igws,
    rtb: () => id in st.routeTables,
    sg: () => id in st.securityGroups,
    sgr: () => Object.values(st.securityGroups).some((g) => g.rules.some((r) => r.id === id)),
    key: () => Object.values(st.keyPairs).some((k) => k.id === id),
    i: () => id in st.instances,
    eni: () => id in st.enis,
    fl: () => id in st.flowLogs,
    dopt: () => id === st.dhcpOptionsId,
  };
  // Public images belong to their owner; tagging them from another account fails on AWS too.
  if (!(exists[prefix]?.() ?? false)) throw notFound(prefix, id);
}

/** The tag handlers: CreateTags, DeleteTags, DescribeTags. */
export const tagHandlers = {
  CreateTags: ec2Op<{ Resources?: string[]; Tags?: Tag[] }>((input, { st }) => {
    for (const id of input.Resources ?? []) checkResource(st, id);
    for (const id of input.Resources ?? []) setTags(st, id, input.Tags);
    return {};
  }),

  DeleteTags: ec2Op<{ Resources?: string[]; Tags?: Tag[] }>((input, { st }) => {
    for (const id of input.Resources ?? []) checkResource(st, id);
    for (const id of input.Resources ?? []) {
      const current = st.tags[id];
      if (!current) continue;
      // No Tags means every tag; a tag with a Value is deleted only when the value matches.
      if (!input.Tags || input.Tags.length === 0) delete st.tags[id];
      else {
        for (const t of input.Tags) {
          if (t.Key === undefined || !(t.Key in current)) continue;
          if (t.Value === undefined || current[t.Key] === t.Value) delete current[t.Key];
        }
      }
    }
    return {};
  }),

  DescribeTags: ec2Op<{ Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string }>(
    (input, { st }) => {
      const rows = Object.entries(st.tags).flatMap(([ResourceId, tags]) =>
        Object.entries(tags).map(([Key, Value]) => ({ ResourceId, ResourceType: resourceTypeOf(ResourceId), Key, Value })),
      );
      const matching = applyFilters(rows, input.Filters, {
        fields: {
          'resource-id': (r) => r.ResourceId,
          'resource-type': (r) => r.ResourceType,
          key: (r) => r.Key,
          value: (r) => r.Value,
        },
      });
      const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
      return { Tags: page, NextToken: nextToken };
    },
    { readOnly: true },
  ),
};
