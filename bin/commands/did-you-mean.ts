// "Did you mean …?" for a word the user typed that the command does not know (a step id, a lab).
import { UsageError } from '../../core/errors';

/** The edit distance between two words (insertions, deletions, substitutions). */
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

/** The known word closest to `word`, when it is close enough to be a typo (about a third of its letters). */
export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { id: string; d: number } | undefined;
  for (const id of known) {
    const d = id.toLowerCase().startsWith(w) && w.length >= 3 ? 1 : editDistance(w, id.toLowerCase());
    if (!best || d < best.d) best = { id, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.id : undefined;
}

/**
 * Throws the usage error for unknown step ids: each with its nearest step id ("did you mean
 * flow-log-s3?"), then the lab's whole list. `where` names the place ("for lab vpc-flow-logs", "in --only").
 */
export function assertKnownSteps(words: string[], known: readonly string[], where: string): void {
  const unknown = words.filter((w) => !known.includes(w));
  if (!unknown.length) return;
  const parts = unknown.map((u) => {
    const near = closest(u, known);
    return near ? `'${u}' (did you mean ${near}?)` : `'${u}'`;
  });
  throw new UsageError(`Unknown step id${unknown.length > 1 ? 's' : ''} ${parts.join(', ')} ${where}; its steps are: ${known.join(', ')}.`);
}
