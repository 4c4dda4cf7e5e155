import type { NormalizedSchema } from '@smithy/core/schema';
import { structMembers, valueSchema } from './schema-members';

/** How many leading members of a structure schema are required (the SDK's static schemas store it at [6]). */
export function requiredCount(ns: { getSchema(): unknown }): number {
  const sc = ns.getSchema();
  return Array.isArray(sc) && typeof sc[6] === 'number' ? sc[6] : 0;
}

// Whether a value of a schema can lack a required member at all, worked out once per schema: most
// members (strings, lists of strings, structures with nothing required) are then not walked on each request.
const canMiss = new WeakMap<NormalizedSchema, boolean>();

function mayMiss(ns: NormalizedSchema, visiting?: Set<NormalizedSchema>): boolean {
  const known = canMiss.get(ns);
  if (known !== undefined) return known;
  // A recursive schema met again while being worked out: assume it can (it is then walked, as it always was).
  if (visiting?.has(ns)) return true;
  visiting ??= new Set();
  visiting.add(ns);
  let result = false;
  if (ns.isStructSchema()) {
    const required = requiredCount(ns);
    let i = 0;
    for (const [, member] of structMembers(ns)) {
      if ((i++ < required && !member.isIdempotencyToken()) || mayMiss(member, visiting)) {
        result = true;
        break;
      }
    }
  } else if (ns.isListSchema() || ns.isMapSchema()) {
    const member = valueSchema(ns);
    result = member.isStructSchema() && mayMiss(member, visiting);
  }
  visiting.delete(ns);
  // Only a result reached without assuming anything about a schema still in progress is kept.
  if (visiting.size === 0 || result === false) canMiss.set(ns, result);
  return result;
}

/**
 * The path of the first required member missing from a parsed input (`LogGroupName`,
 * `TagSpecifications.1.Tags.2.Key`), or undefined when all are there. Idempotency tokens are
 * skipped: the SDK fills them, other clients may legitimately leave them out.
 */
export function missingRequiredMember(ns: NormalizedSchema, value: unknown, path = ''): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!mayMiss(ns)) return undefined;
  if (ns.isStructSchema()) {
    if (typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    const required = requiredCount(ns);
    let i = 0;
    for (const [name, member] of structMembers(ns)) {
      const v = record[name];
      if (i++ < required && (v === undefined || v === null) && !member.isIdempotencyToken()) return path ? `${path}.${name}` : name;
      if (v !== undefined && v !== null && (member.isStructSchema() || member.isListSchema() || member.isMapSchema()) && mayMiss(member)) {
        const missing = missingRequiredMember(member, v, path ? `${path}.${name}` : name);
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
