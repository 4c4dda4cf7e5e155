// The lab by hand with the AWS CLI against `labwright emulator` (the standalone command): Debian's
// awscli does the whole lab, VPC to Athena, with CloudWatch over its awsQuery model. The emulator
// checks signatures, so the CLI's signer is judged too. (Other CLIs: aws-cli-cloudwatch.test.ts.)
import { debian, run, SCRIPT, sessionEnv, useCliEmulator } from './aws-cli';

describe('the lab by hand with the AWS CLI against labwright emulator', () => {
  const emulator = useCliEmulator();

  const cli = debian;
  if (!cli) it.skip('awscli is not installed (apt-get install awscli), so the CLI session cannot run', () => undefined);
  else {
    it(`${cli.version} (${cli.bin}) does the whole lab, VPC to Athena`, async () => {
      const r = await run('bash', [SCRIPT, emulator.endpoint, cli.bin, 'deb', 'all'], sessionEnv(cli));
      expect({ code: r.code, tail: r.out.split('\n').slice(-6) }).toEqual({ code: 0, tail: expect.arrayContaining(['CLI LAB OK']) });
    }, 600_000);
  }
});
