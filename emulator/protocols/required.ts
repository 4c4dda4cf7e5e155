import type { NormalizedSchema } from '@smithy/core/schema';
import { structMembers, valueSchema } from './schema-members';

/** How many leading members of a structure schema are required (the SDK's static schemas store it at [6]). */
export function requiredCount(ns: { getSchema(): unknown }): number {
  const sc = ns.getSchema();
  return Array.isArray(sc) && typeof sc[6] === 'number' ? sc[6] : 0;
}

/**
 * The path of the first required member missing from a parsed input (`LogGroupName`,
 * `TagSpecifications.1.Tags.2.Key`), or undefined when all are there. Idempotency tokens are
 * skipped: the SDK fills them, other clients may legitimately leave them out.
 */
export function missingRequiredMember(ns: NormalizedSchema, value: unknown, path = ''): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (ns.isStructSchema()) {
    if (typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    const required = requiredCount(ns);
    let i = 0;
    for (const [name, member] of structMembers(ns)) {
      const memberPath = path ? `${path}.${name}` : name;
      const v = record[name];
      if (i++ < required && (v === undefined || v === null) && !member.isIdempotencyToken()) return memberPath;
      if (v !== undefined && v !== null && (member.isStructSchema() || member.isListSchema() || member.isMapSchema())) {
        const missing = missingRequiredMember(member, v, memberPath);
        if (missing) return missing;
      }
    }
    return undefined;
  }
  if (ns.isListSchema() && Array.isArray(value)) {
    const member = valueSchema(ns);
    if (!member.isStructSchema()) return undefined;
    for (let i = 0; i < value.length; i++) {
      const missing = missingRequiredMember(member, value[i], `${path}.${i + 1}`);
      if (missing) return missing;
    }
    return undefined;
  }
  if (ns.isMapSchema() && typeof value === 'object') {
    const member = valueSchema(ns);
    if (!member.isStructSchema()) return undefined;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const missing = missingRequiredMember(member, v, `${path}.${k}`);
      if (missing) return missing;
    }
  }
  return undefined;
}
