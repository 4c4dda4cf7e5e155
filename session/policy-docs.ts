// The policies the docs show are generated, never hand-copied: a marker line
// `<!-- labwright policy <lab> [--run] -->` is followed by a fenced JSON block that is exactly what
// `labwright policy <lab> [--run]` prints. `npm run docs:policy` rewrites the blocks; a test fails
// while a doc differs.
import type { AnyLab } from '../runner/lab';
import { labPolicy } from './policy';

const BLOCK = /(<!-- labwright policy ([a-z0-9-]+)( --run)? -->\n)```json\n[\s\S]*?\n```/g;

/** The text with every marked policy block replaced by the policy generated now. */
export function renderPolicyDocs(text: string, labFor: (id: string) => AnyLab): string {
  return text.replace(BLOCK, (_all, marker: string, lab: string, run: string | undefined) => {
    const policy = labPolicy(labFor(lab), run ? 'run' : 'check');
    return `${marker}\`\`\`json\n${JSON.stringify(policy, null, 2)}\n\`\`\``;
  });
}

/** The marked policy blocks of a text, as `<lab> check|run`. */
export function policyMarkers(text: string): string[] {
  return [...text.matchAll(BLOCK)].map((m) => `${m[2]} ${m[3] ? 'run' : 'check'}`);
}
