import type { NormalizedSchema } from '@smithy/core/schema';
import { scalarToString, TIMESTAMP } from './scalars';
import { keySchema, perSchema, structMembers, valueSchema } from './schema-members';

/** Escapes text for XML element content (quotes stay as they are, as AWS writes them). */
export function xmlEscape(text: string): string {
  // Most text has nothing to escape: testing first spares the replace (and its callback) on it.
  return ESCAPED.test(text) ? text.replace(ESCAPED_ALL, (c) => XML_ESCAPES[c]) : text;
}
const ESCAPED = /[&<>\r]/;
const ESCAPED_ALL = /[&<>\r]/g;

/** Escapes an XML attribute value. */
export function xmlAttributeEscape(text: string): string {
  return text.replace(/[&<>"\r\n]/g, (c) => XML_ESCAPES[c]);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;', '\n': '&#xA;' };

/** A structure's members as the writer needs them, worked out once per schema (the SDK's schemas are static). */
interface StructPlan {
  /** The xmlns attribute of the structure's own xmlNamespace trait, or ''. */
  ownNamespace: string;
  attributes: Array<{ name: string; member: NormalizedSchema; xmlName: string }>;
  elements: Array<{ name: string; member: NormalizedSchema; xmlName: string }>;
}
/** Where each member of a structure goes (attribute or element, under which name), worked out once per schema. */
const structPlan = perSchema((ns): StructPlan => {
  const ownNs = ns.getMergedTraits().xmlNamespace;
  const plan: StructPlan = { ownNamespace: ownNs ? namespaceAttribute(ownNs) : '', attributes: [], elements: [] };
  for (const [memberName, member] of structMembers(ns)) {
    const xmlName: string = member.getMemberTraits().xmlName ?? memberName;
    (member.getMergedTraits().xmlAttribute ? plan.attributes : plan.elements).push({ name: memberName, member, xmlName });
  }
  return plan;
});

/**
 * Writes a value as XML the way the SDK's XmlShapeDeserializer reads it: member elements named by the
 * member's xmlName, wrapped lists (`member`/`item` per the model) unless flattened, maps as
 * entry/key/value, attributes for xmlAttribute members, timestamps as date-time unless the shape says.
 */
export function writeXmlValue(ns: NormalizedSchema, value: unknown, name: string, out: string[], extraAttributes = ''): void {
  if (value === undefined || value === null) return;
  if (ns.isStructSchema()) {
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const plan = structPlan(ns);
    let attributes = extraAttributes;
    if (plan.ownNamespace && !extraAttributes.includes('xmlns')) attributes += plan.ownNamespace;
    for (const a of plan.attributes) {
      const v = record[a.name];
      if (v === undefined || v === null) continue;
      attributes += ` ${a.xmlName}="${xmlAttributeEscape(scalarToString(a.member, v, TIMESTAMP.dateTime))}"`;
    }
    out.push(`<${name}${attributes}>`);
    writeElements(plan, record, out);
    out.push(`</${name}>`);
    return;
  }
  writeMember(ns, value, name, out, extraAttributes);
}

/** Writes a structure's member elements without the structure's own element (a query protocol's result). */
export function writeXmlMembers(ns: NormalizedSchema, value: object, out: string[]): void {
  writeElements(structPlan(ns), value as Record<string, unknown>, out);
}

function writeElements(plan: StructPlan, record: Record<string, unknown>, out: string[]): void {
  for (const e of plan.elements) {
    const v = record[e.name];
    if (v === undefined || v === null) continue;
    writeMember(e.member, v, e.xmlName, out);
  }
}

/** How a non-structure schema is written, worked out once per schema. */
type MemberPlan =
  | { kind: 'struct' }
  | { kind: 'list'; member: NormalizedSchema; flattened: boolean; itemName: string }
  | { kind: 'map'; keyName: string; valueNs: NormalizedSchema; valueName: string; flattened: boolean }
  | { kind: 'document' }
  | { kind: 'scalar' };
/** How a member's value is written, worked out once per schema. */
const memberPlan = perSchema((ns): MemberPlan => {
  const traits = ns.getMergedTraits();
  if (ns.isStructSchema()) return { kind: 'struct' };
  if (ns.isListSchema()) {
    const member = valueSchema(ns);
    return { kind: 'list', member, flattened: !!traits.xmlFlattened, itemName: member.getMergedTraits().xmlName ?? 'member' };
  }
  if (ns.isMapSchema()) {
    const valueNs = valueSchema(ns);
    return { kind: 'map', keyName: keySchema(ns).getMergedTraits().xmlName ?? 'key', valueNs, valueName: valueNs.getMergedTraits().xmlName ?? 'value', flattened: !!traits.xmlFlattened };
  }
  if (ns.isDocumentSchema()) return { kind: 'document' };
  return { kind: 'scalar' };
});

function writeMember(ns: NormalizedSchema, value: unknown, name: string, out: string[], attributes = ''): void {
  const plan = memberPlan(ns);
  switch (plan.kind) {
    case 'struct':
      return writeXmlValue(ns, value, name, out, attributes);
    case 'list':
      if (!Array.isArray(value)) return;
      if (plan.flattened) {
        for (const item of value) writeMember(plan.member, item, name, out);
        return;
      }
      out.push(`<${name}${attributes}>`);
      for (const item of value) writeMember(plan.member, item, plan.itemName, out);
      out.push(`</${name}>`);
      return;
    case 'map': {
      if (typeof value !== 'object') return;
      if (!plan.flattened) out.push(`<${name}${attributes}>`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined || v === null) continue;
        out.push(plan.flattened ? `<${name}>` : '<entry>', `<${plan.keyName}>${xmlEscape(k)}</${plan.keyName}>`);
        writeMember(plan.valueNs, v, plan.valueName, out);
        out.push(plan.flattened ? `</${name}>` : '</entry>');
      }
      if (!plan.flattened) out.push(`</${name}>`);
      return;
    }
    case 'document':
      if (typeof value === 'object') {
        out.push(`<${name}>${xmlEscape(JSON.stringify(value))}</${name}>`);
        return;
      }
      break;
    default:
  }
  out.push(`<${name}${attributes}>${xmlEscape(scalarToString(ns, value, TIMESTAMP.dateTime))}</${name}>`);
}

/** The xmlns attribute for an xmlNamespace trait (`{ uri, prefix? }`) or a plain URI. */
export function namespaceAttribute(trait: unknown): string {
  if (typeof trait === 'string') return ` xmlns="${xmlAttributeEscape(trait)}"`;
  const { uri, prefix } = (trait ?? {}) as { uri?: string; prefix?: string };
  if (!uri) return '';
  return prefix ? ` xmlns:${prefix}="${xmlAttributeEscape(uri)}"` : ` xmlns="${xmlAttributeEscape(uri)}"`;
}
