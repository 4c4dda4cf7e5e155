import type { NormalizedSchema } from '@smithy/core/schema';
import { scalarToString, TIMESTAMP } from './scalars';
import { structMembers, valueSchema, keySchema } from './schema-members';

/** Escapes text for XML element content (quotes stay as they are, as AWS writes them). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => XML_ESCAPES[c]);
}

/** Escapes an XML attribute value. */
export function xmlAttributeEscape(text: string): string {
  return text.replace(/[&<>"\r\n]/g, (c) => XML_ESCAPES[c]);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;', '\n': '&#xA;' };

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
    let attributes = extraAttributes;
    const ownNs = ns.getMergedTraits().xmlNamespace;
    if (ownNs && !extraAttributes.includes('xmlns')) attributes += namespaceAttribute(ownNs);
    const body: string[] = [];
    for (const [memberName, member] of structMembers(ns)) {
      const v = record[memberName];
      if (v === undefined || v === null) continue;
      const traits = member.getMergedTraits();
      const xmlName: string = member.getMemberTraits().xmlName ?? memberName;
      if (traits.xmlAttribute) {
        attributes += ` ${xmlName}="${xmlAttributeEscape(scalarToString(member, v, TIMESTAMP.dateTime))}"`;
        continue;
      }
      writeMember(member, v, xmlName, body);
    }
    out.push(`<${name}${attributes}>`, ...body, `</${name}>`);
    return;
  }
  writeMember(ns, value, name, out, extraAttributes);
}

function writeMember(ns: NormalizedSchema, value: unknown, name: string, out: string[], attributes = ''): void {
  if (ns.isStructSchema()) return writeXmlValue(ns, value, name, out, attributes);
  const traits = ns.getMergedTraits();
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) return;
    const member = valueSchema(ns);
    if (traits.xmlFlattened) {
      for (const item of value) writeMember(member, item, name, out);
      return;
    }
    const itemName: string = member.getMergedTraits().xmlName ?? 'member';
    out.push(`<${name}${attributes}>`);
    for (const item of value) writeMember(member, item, itemName, out);
    out.push(`</${name}>`);
    return;
  }
  if (ns.isMapSchema()) {
    if (typeof value !== 'object') return;
    const keyNs = keySchema(ns);
    const valueNs = valueSchema(ns);
    const keyName: string = keyNs.getMergedTraits().xmlName ?? 'key';
    const valueName: string = valueNs.getMergedTraits().xmlName ?? 'value';
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    if (!traits.xmlFlattened) out.push(`<${name}${attributes}>`);
    for (const [k, v] of entries) {
      out.push(traits.xmlFlattened ? `<${name}>` : '<entry>', `<${keyName}>${xmlEscape(k)}</${keyName}>`);
      writeMember(valueNs, v, valueName, out);
      out.push(traits.xmlFlattened ? `</${name}>` : '</entry>');
    }
    if (!traits.xmlFlattened) out.push(`</${name}>`);
    return;
  }
  if (ns.isDocumentSchema() && typeof value === 'object') {
    out.push(`<${name}>${xmlEscape(JSON.stringify(value))}</${name}>`);
    return;
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
