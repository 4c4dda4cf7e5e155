import type { NormalizedSchema } from '@smithy/core/schema';
import { scalarFromString, validation } from './scalars';
import { structMembers, valueSchema, keySchema } from './schema-members';

/** A node of the dotted form-key tree: `Filter.1.Value.2=x` becomes Filter → 1 → Value → 2 = x. */
interface FormNode {
  value?: string;
  children?: Map<string, FormNode>;
}

/** Options: EC2 query names members by `ec2QueryName` (or the capitalized xmlName) and flattens lists. */
export interface FormReadOptions {
  ec2: boolean;
}

/**
 * Reads a query-protocol form (`Action=…&Tags.member.1.Key=…`) into the SDK input shape the schema
 * describes: the inverse of the SDK's QueryShapeSerializer.
 */
export function readForm(schema: NormalizedSchema, form: URLSearchParams, options: FormReadOptions): Record<string, unknown> {
  const root: FormNode = {};
  for (const [key, value] of form) {
    if (key === 'Action' || key === 'Version') continue;
    let node = root;
    for (const part of key.split('.')) {
      node.children ??= new Map();
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = {}));
      node = child;
    }
    node.value = value;
  }
  return (readNode(schema, root, options, '') as Record<string, unknown>) ?? {};
}

function memberKey(name: string, member: NormalizedSchema, options: FormReadOptions): string {
  const traits = member.getMergedTraits();
  if (options.ec2) {
    if (traits.ec2QueryName) return String(traits.ec2QueryName);
    const key: string = traits.xmlName ?? name;
    return key[0].toUpperCase() + key.slice(1);
  }
  return traits.xmlName ?? name;
}

function numbered(node: FormNode | undefined): FormNode[] {
  if (!node?.children) return [];
  return [...node.children.entries()]
    .filter(([k]) => /^\d+$/.test(k))
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, v]) => v);
}

function readNode(ns: NormalizedSchema, node: FormNode, options: FormReadOptions, path: string): unknown {
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    for (const [name, member] of structMembers(ns)) {
      const child = node.children?.get(memberKey(name, member, options));
      if (child) out[name] = readNode(member, child, options, path ? `${path}.${name}` : name);
    }
    return out;
  }
  if (ns.isListSchema()) {
    const member = valueSchema(ns);
    const flat = options.ec2 || !!ns.getMergedTraits().xmlFlattened;
    const holder = flat ? node : node.children?.get(member.getMergedTraits().xmlName ?? 'member');
    return numbered(holder).map((item, i) => readNode(member, item, options, `${path}.${i + 1}`));
  }
  if (ns.isMapSchema()) {
    const keyNs = keySchema(ns);
    const valueNs = valueSchema(ns);
    const flat = !!ns.getMergedTraits().xmlFlattened;
    const keyName = keyNs.getMergedTraits().xmlName ?? 'key';
    const valueName = valueNs.getMergedTraits().xmlName ?? 'value';
    const out: Record<string, unknown> = {};
    for (const entry of numbered(flat ? node : node.children?.get('entry'))) {
      const key = entry.children?.get(keyName)?.value;
      const value = entry.children?.get(valueName);
      if (key === undefined || key === '__proto__') continue;
      out[key] = value ? readNode(valueNs, value, options, `${path}.${key}`) : undefined;
    }
    return out;
  }
  if (node.value === undefined) throw validation(`The parameter ${path} has nested keys but takes a single value.`);
  return scalarFromString(ns, node.value, path);
}
