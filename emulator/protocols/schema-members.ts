import type { NormalizedSchema } from '@smithy/core/schema';

// Smithy's NormalizedSchema builds a new member schema on every structIterator()/getValueSchema()
// call, and the codecs walk the input and output schemas on every request. The SDK's schemas are
// static, so each schema's members are built once and kept; a schema reached through these
// functions is itself cached, so a whole operation's schema tree stays put after its first request.
const members = new WeakMap<NormalizedSchema, ReadonlyArray<readonly [string, NormalizedSchema]>>();
const byName = new WeakMap<NormalizedSchema, ReadonlyMap<string, NormalizedSchema>>();
const values = new WeakMap<NormalizedSchema, NormalizedSchema>();
const keys = new WeakMap<NormalizedSchema, NormalizedSchema>();

/** A structure schema's members in model order, as `[name, schema]` (structIterator, built once). */
export function structMembers(ns: NormalizedSchema): ReadonlyArray<readonly [string, NormalizedSchema]> {
  let list = members.get(ns);
  if (!list) {
    list = [...ns.structIterator()];
    members.set(ns, list);
  }
  return list;
}

/** One member of a structure schema by name, or undefined (getMemberSchemas()[name], built once). */
export function memberNamed(ns: NormalizedSchema, name: string): NormalizedSchema | undefined {
  let map = byName.get(ns);
  if (!map) {
    map = new Map(structMembers(ns));
    byName.set(ns, map);
  }
  return map.get(name);
}

/** A list's member or a map's value schema (getValueSchema, built once). */
export function valueSchema(ns: NormalizedSchema): NormalizedSchema {
  let v = values.get(ns);
  if (!v) {
    v = ns.getValueSchema();
    values.set(ns, v);
  }
  return v;
}

/** A map's key schema (getKeySchema, built once). */
export function keySchema(ns: NormalizedSchema): NormalizedSchema {
  let k = keys.get(ns);
  if (!k) {
    k = ns.getKeySchema();
    keys.set(ns, k);
  }
  return k;
}
