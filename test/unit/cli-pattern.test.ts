import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILTER_PATTERN as LAB_PATTERN, TEST_LINES as LAB_LINES } from '../../fixtures/vpc-flow-logs/lab';
import { runInProcess } from '../cli-in-process';

/** `labwright pattern test ARGS`, its output as `out` and `err`. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runInProcess('pattern', 'test', ...args);
  return { code, out: stdout, err: stderr };
}

describe('labwright pattern test', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-pattern-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--json with the lab pattern and the four lab lines from --events-file', async () => {
    const file = join(dir, 'lab-lines.txt');
    // Blank lines (and a CRLF ending) are skipped, not tested as events.
    writeFileSync(file, `${LAB_LINES[0]}\r\n\n${LAB_LINES.slice(1).join('\n')}\n\n`);
    const { code, out, err } = await run('--pattern', LAB_PATTERN, '--events-file', file, '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual(['pattern', 'results']);
    expect(report.pattern).toBe(LAB_PATTERN);
    expect(report.results.map((r: any) => r.event)).toEqual(LAB_LINES);
    expect(report.results.map((r: any) => r.matched)).toEqual([true, true, false, false]);
    expect(report.results.map((r: any) => Object.keys(r))).toEqual(LAB_LINES.map(() => ['event', 'matched', 'extractedValues']));
    expect(report.results[0].extractedValues).toEqual({
      $version: '2', $account: '086112738802', $eni: 'eni-0d5d75b41f9befe9e', $source: '61.177.172.128',
      $destination: '172.31.83.158', $srcport: '39611', $destport: '22', $protocol: '6', $packets: '1', $bytes: '40',
      $windowstart: '1563108188', $windowend: '1563108227', $action: 'REJECT', $flowlogstatus: 'OK',
    });
    expect(report.results[1].extractedValues).toMatchObject({ $source: '182.68.238.8', $bytes: '44' });
    expect(report.results[2].extractedValues).toEqual({});
    expect(report.results[3].extractedValues).toEqual({});
  });

  test('--event is repeatable and keeps the order; the table shows ✓/✗ and a summary', async () => {
    const { code, out } = await run('--pattern', LAB_PATTERN, '--event', LAB_LINES[3], '--event', LAB_LINES[0], '--event', LAB_LINES[2]);
    expect(code).toBe(0);
    const rows = out.split('\n').filter((l) => /^\s*\d+\s+[✓✗]/.test(l));
    expect(rows.map((r) => r.trim().slice(0, 4))).toEqual(['1  ✗', '2  ✓', '3  ✗']);
    expect(out).toContain('$destport=22');
    expect(out).toContain('$source=61.177.172.128');
    expect(out).toContain('1 of 3 events matched');
  });

  test('--event and --events-file together: --event first, then the file', async () => {
    const file = join(dir, 'two.txt');
    writeFileSync(file, `${LAB_LINES[1]}\n${LAB_LINES[2]}\n`);
    const { code, out } = await run('--pattern', 'REJECT', '--event', 'INFO nothing', '--events-file', file, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.results).toEqual([
      { event: 'INFO nothing', matched: false, extractedValues: {} },
      { event: LAB_LINES[1], matched: true, extractedValues: {} },
      { event: LAB_LINES[2], matched: false, extractedValues: {} },
    ]);
  });

  test('an invalid pattern exits 2 with the AWS message on stderr', async () => {
    const bad = await run('--pattern', '[ip, status_code = 4* && bytes > 1000]', '--event', 'x');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toMatch(/^labwright: Invalid metric filter pattern \(InvalidParameterException\): .*different fields/);
    const term = await run('--pattern', 'foo-bar', '--event', 'x', '--json');
    expect(term.code).toBe(2);
    expect(term.err).toContain("Invalid character(s) in term 'foo-bar'");
  });

  test('missing events or an unreadable file exit 2 with a one-line message naming the fix', async () => {
    const none = await run('--pattern', 'ERROR');
    expect(none.code).toBe(2);
    expect(none.err.trim().split('\n')).toHaveLength(1);
    expect(none.err).toMatch(/--event TEXT .* --events-file FILE/);
    const missing = await run('--pattern', 'ERROR', '--events-file', join(dir, 'no-such-file.txt'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Cannot read the events file .*no-such-file\.txt.*ENOENT.*--events-file/);
    const emptyFile = join(dir, 'empty.txt');
    writeFileSync(emptyFile, '\n  \n');
    const empty = await run('--pattern', 'ERROR', '--events-file', emptyFile);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/has no events/);
  });

  test('--pattern is required', async () => {
    const r = await run('--event', 'x');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--pattern/);
  });
});
