import type { NormalizedSchema } from '@smithy/core/schema';
import type { FormFields } from './form-fields';
import { scalarFromString, validation } from './scalars';
import { keySchema, perSchema, structMembers, valueSchema } from './schema-members';

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
export function readForm(schema: NormalizedSchema, form: FormFields, options: FormReadOptions): Record<string, unknown> {
  const root: FormNode = {};
  const pairs = form.pairs;
  for (let i = 0; i < pairs.length; i += 2) {
    const key = pairs[i];
    if (key === 'Action' || key === 'Version') continue;
    // The dotted key's parts in turn, as key.split('.') gives them, without the array.
    let node = root;
    let start = 0;
    for (;;) {
      const dot = key.indexOf('.', start);
      const part = dot < 0 ? (start === 0 ? key : key.slice(start)) : key.slice(start, dot);
      node.children ??= new Map();
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = {}));
      node = child;
      if (dot < 0) break;
      start = dot + 1;
    }
    node.value = pairs[i + 1];
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
  const items: FormNode[] = [];
  if (!node?.children) return items;
  // Mostly sent in order (1, 2, 3…): then the stable sort by number would change nothing.
  let ordered = true;
  let last = -Infinity;
  for (const [k, v] of node.children) {
    if (!DIGITS.test(k)) continue;
    const n = Number(k);
    if (n < last) ordered = false;
    last = n;
    items.push(v);
  }
  if (ordered) return items;
  const keyed: Array<[number, FormNode]> = [];
  for (const [k, v] of node.children) if (DIGITS.test(k)) keyed.push([Number(k), v]);
  keyed.sort((a, b) => a[0] - b[0]);
  return keyed.map((e) => e[1]);
}
const DIGITS = /^\d+$/;

// Each structure's members with the form key they are sent under, worked out once per schema and dialect.
type KeyedMember = [string, NormalizedSchema, string];
/** A structure's members with their form keys, worked out once per schema for each of the two key styles. */
const keyedMembers = {
  ec2: perSchema((ns): KeyedMember[] => structMembers(ns).map(([name, member]) => [name, member, memberKey(name, member, { ec2: true })])),
  query: perSchema((ns): KeyedMember[] => structMembers(ns).map(([name, member]) => [name, member, memberKey(name, member, { ec2: false })])),
};

function membersWithKeys(ns: NormalizedSchema, options: FormReadOptions): KeyedMember[] {
  return (options.ec2 ? keyedMembers.ec2 : keyedMembers.query)(ns);
}

function readNode(ns: NormalizedSchema, node: FormNode, options: FormReadOptions, path: string): unknown {
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    const children = node.children;
    if (!children) return out;
    for (const [name, member, key] of membersWithKeys(ns, options)) {
      const child = children.get(key);
      if (child) out[name] = readNode(member, child, options, path ? `${path}.${name}` : name);
    }
    return out;
  }
  if (ns.isListSchema()) {
    const member = valueSchema(ns);
    const flat = options.ec2 || !!ns.getMergedTraits().xmlFlattened;
    const holder = flat ? node : node.children?.get(member.getMergedTraits().xmlName ?? 'member');
    const items = numbered(holder);
    // In place: the array numbered() made becomes the list.
    for (let i = 0; i < items.length; i++) (items as unknown[])[i] = readNode(member, items[i], options, `${path}.${i + 1}`);
    return items;
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
