// The policies in the docs are the generated ones: each marked block equals `labwright policy`'s
// output today (run `npm run docs:policy` to rewrite them after a lab's permissions change).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labFor } from '../../session/labs';
import { policyMarkers, renderPolicyDocs } from '../../session/policy-docs';
import { runInProcess } from '../cli-in-process';

const read = (file: string) => readFileSync(join(__dirname, '../..', file), 'utf8');

describe('policies shown in the docs', () => {
  it.each([
    ['README.md', ['vpc-flow-logs check']],
    ['docs/real-aws.md', ['vpc-flow-logs check', 'vpc-flow-logs run']],
  ])('%s shows %j exactly as generated (npm run docs:policy rewrites them)', (file, markers) => {
    const text = read(file);
    expect(policyMarkers(text)).toEqual(markers);
    expect(renderPolicyDocs(text, labFor)).toBe(text);
  });

  it('a block is what the CLI prints', async () => {
    const text = read('docs/real-aws.md');
    const block = /<!-- labwright policy vpc-flow-logs --run -->\n```json\n([\s\S]*?)\n```/.exec(text)![1];
    expect(`${block}\n`).toBe((await runInProcess('policy', 'vpc-flow-logs', '--run')).stdout);
  });

  it('a stale block is rewritten', () => {
    const stale = 'x\n<!-- labwright policy vpc-flow-logs -->\n```json\n{"Version":"old"}\n```\ny';
    const fresh = renderPolicyDocs(stale, labFor);
    expect(fresh).not.toBe(stale);
    expect(fresh).toMatch(/^x\n<!-- labwright policy vpc-flow-logs -->\n```json\n\{\n {2}"Version": "2012-10-17",[\s\S]*\n```\ny$/);
  });
});
