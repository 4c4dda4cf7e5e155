// How each verdict looks: a label and a glyph, so the badge never relies on colour alone
// (the colours themselves, from the Okabe–Ito palette, are in styles.css as .v-<verdict>).

const LOOK: Record<string, { label: string; glyph: string }> = {
  passed: { label: 'passed', glyph: '✓' },
  failed: { label: 'failed', glyph: '✗' },
  pending: { label: 'pending', glyph: '◔' },
  skipped: { label: 'skipped', glyph: '↷' },
  unsupported: { label: 'unsupported', glyph: '⊘' },
  'cant-verify': { label: "can't verify", glyph: '?' },
};

/** The verdicts in the order the summary lists them. */
export const VERDICT_ORDER = ['passed', 'failed', 'pending', 'skipped', 'unsupported', 'cant-verify'] as const;

/** The CSS class, label and glyph of a verdict; an unknown verdict gets a neutral look. */
export function verdictLook(verdict: string): { cls: string; label: string; glyph: string } {
  const look = LOOK[verdict];
  return look ? { cls: `v-${verdict}`, ...look } : { cls: 'v-unknown', label: verdict, glyph: '•' };
}
