// "Did you mean …?" for a word the user typed that the command does not know (a step id, a lab).
import { editDistance } from '../../core/edit-distance';
import { UsageError } from '../../core/errors';

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
