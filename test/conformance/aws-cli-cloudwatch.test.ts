// Any AWS CLI on PATH other than the one doing the whole lab (aws-cli-lab.test.ts) runs the lab's
// CloudWatch part against `labwright emulator` in its own default protocol, and again forced to
// awsQuery (a copy of its CloudWatch model on AWS_DATA_PATH). The emulator checks signatures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORCE_QUERY, others, run, SCRIPT, sessionEnv, useCliEmulator } from './aws-cli';

describe('the CloudWatch part by hand with other AWS CLIs against labwright emulator', () => {
  const emulator = useCliEmulator();

  if (!others.length) it.skip('no second AWS CLI on PATH, so only the whole lab runs (aws-cli-lab.test.ts)', () => undefined);
  else {
    it.each(others)('$version runs the CloudWatch part in its default protocol and forced to awsQuery', async (cli) => {
      const plain = await run('bash', [SCRIPT, emulator.endpoint, cli.bin, 'cli-default', 'cloudwatch'], sessionEnv(cli));
      expect({ code: plain.code, out: plain.out.trim().split('\n').pop() }).toEqual({ code: 0, out: 'CLI CLOUDWATCH OK' });
      if (!cli.python) return;
      const dataPath = mkdtempSync(join(tmpdir(), 'cw-query-model-'));
      try {
        const made = await run(cli.python, ['-c', FORCE_QUERY, dataPath]);
        expect(made.code).toBe(0);
        const forced = await run('bash', [SCRIPT, emulator.endpoint, cli.bin, 'cli-query', 'cloudwatch'], { ...sessionEnv(cli), AWS_DATA_PATH: dataPath });
        expect({ code: forced.code, out: forced.out.trim().split('\n').pop() }).toEqual({ code: 0, out: 'CLI CLOUDWATCH OK' });
      } finally {
        rmSync(dataPath, { recursive: true, force: true });
      }
    }, 600_000);
  }
});
