// `npm run docs:policy`: rewrites the IAM policies shown in README.md and docs/real-aws.md from the
// labs (session/policy-docs.ts); test/unit/docs-policy.test.ts fails while they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labFor } from '../session/labs';
import { renderPolicyDocs } from '../session/policy-docs';

for (const file of ['README.md', 'docs/real-aws.md']) {
  const path = join(__dirname, '..', file);
  const before = readFileSync(path, 'utf8');
  const after = renderPolicyDocs(before, labFor);
  if (after !== before) writeFileSync(path, after);
  console.log(`${file}: ${after === before ? 'up to date' : 'rewritten'}`);
}
