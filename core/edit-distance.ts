/** The edit distance between two strings (insertions, deletions, substitutions), for near-miss names and "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/**
 * Whether `candidate` is a near miss of `wanted`: the same name in other letter case, or within a
 * couple of typos of it ignoring case, spaces, dashes and underscores ("mygroups", "My-Groups",
 * "MyGroup" for "MyGroups"). The name itself is not a near miss.
 */
export function isNearMiss(wanted: string, candidate: string): boolean {
  if (candidate === wanted) return false;
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const a = norm(wanted);
  const b = norm(candidate);
  return a === b || editDistance(a, b) <= Math.min(2, Math.floor(a.length / 4));
}
