import type { NormalizedSchema } from '@smithy/core/schema';

// Smithy's NormalizedSchema builds a new member schema on every structIterator()/getValueSchema()
// call, and the codecs walk the input and output schemas on every request. The SDK's schemas are
// static, so each schema's members are built once and kept; a schema reached through these
// functions is itself cached, so a whole operation's schema tree stays put after its first request.
/**
 * `build` memoized per schema: what is worked out from a schema (its members, a codec's plan for it)
 * is worked out on its first request and kept as long as the schema lives.
 */
export function perSchema<T>(build: (ns: NormalizedSchema) => T): (ns: NormalizedSchema) => T {
  const kept = new WeakMap<NormalizedSchema, T>();
  return (ns) => {
    let value = kept.get(ns);
    if (value === undefined) {
      value = build(ns);
      kept.set(ns, value);
    }
    return value;
  };
}

/** A structure schema's members in model order, as `[name, schema]` (structIterator, built once). */
export const structMembers: (ns: NormalizedSchema) => ReadonlyArray<readonly [string, NormalizedSchema]> = perSchema((ns) => [...ns.structIterator()]);

const membersByName = perSchema((ns): ReadonlyMap<string, NormalizedSchema> => new Map(structMembers(ns)));

/** One member of a structure schema by name, or undefined (getMemberSchemas()[name], built once). */
export function memberNamed(ns: NormalizedSchema, name: string): NormalizedSchema | undefined {
  return membersByName(ns).get(name);
}

/** A list's member or a map's value schema (getValueSchema, built once). */
export const valueSchema: (ns: NormalizedSchema) => NormalizedSchema = perSchema((ns) => ns.getValueSchema());

/** A map's key schema (getKeySchema, built once). */
export const keySchema: (ns: NormalizedSchema) => NormalizedSchema = perSchema((ns) => ns.getKeySchema());
