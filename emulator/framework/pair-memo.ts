/**
 * A memo of values made from a pair of strings (account and region, account and key), for the
 * request path: the same pair gets the same value without a lookup key concatenated per call. Each
 * level is bounded, so a client inventing accounts or keys cannot grow the emulator without end:
 * past the bound a value is made afresh on every call.
 */
export function pairMemo<V>(make: (a: string, b: string) => V, limits: { first: number; second: number }): (a: string, b: string) => V {
  const memo = new Map<string, Map<string, V>>();
  return (a, b) => {
    let byB = memo.get(a);
    const known = byB?.get(b);
    if (known !== undefined) return known;
    const value = make(a, b);
    if (!byB && memo.size < limits.first) memo.set(a, (byB = new Map()));
    if (byB && byB.size < limits.second) byB.set(b, value);
    return value;
  };
}
