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

/** An element's tags, worked out once per member: most elements are written without attributes. */
interface Tag {
  name: string;
  open: string;
  close: string;
}

function tagOf(name: string): Tag {
  return { name, open: `<${name}>`, close: `</${name}>` };
}

/** The opening tag with attributes, or the precomputed one when there are none. */
function openTag(tag: Tag, attributes: string): string {
  return attributes === '' ? tag.open : `<${tag.name}${attributes}>`;
}

/** A structure's members as the writer needs them, worked out once per schema (the SDK's schemas are static). */
interface StructPlan {
  /** The xmlns attribute of the structure's own xmlNamespace trait, or ''. */
  ownNamespace: string;
  /** `prefix` is ` xmlName="`, written before the escaped value. */
  attributes: Array<{ name: string; member: NormalizedSchema; prefix: string }>;
  elements: Array<{ name: string; member: NormalizedSchema; tag: Tag }>;
}
/** Where each member of a structure goes (attribute or element, under which name), worked out once per schema. */
const structPlan = perSchema((ns): StructPlan => {
  const ownNs = ns.getMergedTraits().xmlNamespace;
  const plan: StructPlan = { ownNamespace: ownNs ? namespaceAttribute(ownNs) : '', attributes: [], elements: [] };
  for (const [memberName, member] of structMembers(ns)) {
    const xmlName: string = member.getMemberTraits().xmlName ?? memberName;
    if (member.getMergedTraits().xmlAttribute) plan.attributes.push({ name: memberName, member, prefix: ` ${xmlName}="` });
    else plan.elements.push({ name: memberName, member, tag: tagOf(xmlName) });
  }
  return plan;
});

/**
 * A value as XML, the way the SDK's XmlShapeDeserializer reads it: member elements named by the
 * member's xmlName, wrapped lists (`member`/`item` per the model) unless flattened, maps as
 * entry/key/value, attributes for xmlAttribute members, timestamps as date-time unless the shape says.
 * Built as one string (no array of pieces): this runs on every XML answer.
 */
export function xmlValue(ns: NormalizedSchema, value: unknown, name: string, extraAttributes = ''): string {
  if (value === undefined || value === null) return '';
  const tag = tagOf(name);
  return ns.isStructSchema() ? structXml(ns, value, tag, extraAttributes) : memberXml(ns, value, tag, extraAttributes);
}

/** A structure's member elements without the structure's own element (a query protocol's result). */
export function xmlMembers(ns: NormalizedSchema, value: object): string {
  return elementsXml(structPlan(ns), value as Record<string, unknown>);
}

function structXml(ns: NormalizedSchema, value: unknown, tag: Tag, extraAttributes: string): string {
  if (typeof value !== 'object' || value === null) return '';
  const record = value as Record<string, unknown>;
  const plan = structPlan(ns);
  let attributes = extraAttributes;
  if (plan.ownNamespace && !extraAttributes.includes('xmlns')) attributes += plan.ownNamespace;
  const attrs = plan.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    const v = record[a.name];
    if (v === undefined || v === null) continue;
    attributes += a.prefix + xmlAttributeEscape(scalarToString(a.member, v, TIMESTAMP.dateTime)) + '"';
  }
  return openTag(tag, attributes) + elementsXml(plan, record) + tag.close;
}

function elementsXml(plan: StructPlan, record: Record<string, unknown>): string {
  let s = '';
  const elements = plan.elements;
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    const v = record[e.name];
    if (v === undefined || v === null) continue;
    s += memberXml(e.member, v, e.tag, '');
  }
  return s;
}

/** How a member's value is written, worked out once per schema. */
type MemberPlan =
  | { kind: 'struct' }
  | { kind: 'list'; member: NormalizedSchema; flattened: boolean; itemTag: Tag }
  | { kind: 'map'; keyTag: Tag; valueNs: NormalizedSchema; valueTag: Tag; flattened: boolean }
  | { kind: 'document' }
  /** `text`: neither a timestamp nor a blob, written as String(value). */
  | { kind: 'scalar'; text: boolean };
/** How a member's value is written, worked out once per schema. */
const memberPlan = perSchema((ns): MemberPlan => {
  const traits = ns.getMergedTraits();
  if (ns.isStructSchema()) return { kind: 'struct' };
  if (ns.isListSchema()) {
    const member = valueSchema(ns);
    return { kind: 'list', member, flattened: !!traits.xmlFlattened, itemTag: tagOf(member.getMergedTraits().xmlName ?? 'member') };
  }
  if (ns.isMapSchema()) {
    const valueNs = valueSchema(ns);
    return { kind: 'map', keyTag: tagOf(keySchema(ns).getMergedTraits().xmlName ?? 'key'), valueNs, valueTag: tagOf(valueNs.getMergedTraits().xmlName ?? 'value'), flattened: !!traits.xmlFlattened };
  }
  if (ns.isDocumentSchema()) return { kind: 'document' };
  return { kind: 'scalar', text: !ns.isTimestampSchema() && !ns.isBlobSchema() };
});

function memberXml(ns: NormalizedSchema, value: unknown, tag: Tag, attributes: string): string {
  const plan = memberPlan(ns);
  switch (plan.kind) {
    case 'struct':
      return value === undefined || value === null ? '' : structXml(ns, value, tag, attributes);
    case 'list': {
      if (!Array.isArray(value)) return '';
      if (plan.flattened) {
        let s = '';
        for (let i = 0; i < value.length; i++) s += memberXml(plan.member, value[i], tag, '');
        return s;
      }
      let s = openTag(tag, attributes);
      for (let i = 0; i < value.length; i++) s += memberXml(plan.member, value[i], plan.itemTag, '');
      return s + tag.close;
    }
    case 'map': {
      if (typeof value !== 'object') return '';
      const record = value as Record<string, unknown>;
      const entryOpen = plan.flattened ? tag.open : '<entry>';
      const entryClose = plan.flattened ? tag.close : '</entry>';
      let s = plan.flattened ? '' : openTag(tag, attributes);
      // Object.keys, as Object.entries did, throws for null: the same answer (a 500) as before.
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const v = record[k];
        if (v === undefined || v === null) continue;
        s += entryOpen + plan.keyTag.open + xmlEscape(k) + plan.keyTag.close + memberXml(plan.valueNs, v, plan.valueTag, '') + entryClose;
      }
      return plan.flattened ? s : s + tag.close;
    }
    case 'document':
      if (typeof value === 'object') return tag.open + xmlEscape(JSON.stringify(value)) + tag.close;
      break;
    case 'scalar':
      if (plan.text) return openTag(tag, attributes) + xmlEscape(typeof value === 'string' ? value : String(value)) + tag.close;
      break;
    default:
  }
  return openTag(tag, attributes) + xmlEscape(scalarToString(ns, value, TIMESTAMP.dateTime)) + tag.close;
}

/** The xmlns attribute for an xmlNamespace trait (`{ uri, prefix? }`) or a plain URI. */
export function namespaceAttribute(trait: unknown): string {
  if (typeof trait === 'string') return ` xmlns="${xmlAttributeEscape(trait)}"`;
  const { uri, prefix } = (trait ?? {}) as { uri?: string; prefix?: string };
  if (!uri) return '';
  return prefix ? ` xmlns:${prefix}="${xmlAttributeEscape(uri)}"` : ` xmlns="${xmlAttributeEscape(uri)}"`;
}
