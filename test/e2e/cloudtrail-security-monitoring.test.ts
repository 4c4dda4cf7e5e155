import { describeLab } from '../../jest';

// The CloudTrail lab on the embedded emulator, one jest test per step. `LABWRIGHT_E2E_ARGS` points the
// same suite at another target, e.g. `--target aws --region eu-west-1`.
describeLab('cloudtrail-security-monitoring', {
  args: (process.env.LABWRIGHT_E2E_ARGS ?? '').split(' ').filter(Boolean).concat(['--report-dir', 'out/e2e-cloudtrail']),
});
