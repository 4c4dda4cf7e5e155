import { Command, Option } from 'commander';
import { parseTimeScale } from './emulator';
import { UsageError } from '../../core/errors';
import { stdout, type Output } from '../../core/log';
import { mutationsOf } from '../../runner/lab';
import type { VerifyReport } from '../../runner/verify';
import { labFor } from '../../session/labs';
import { verifyOnFreshEmulator } from '../../session/verify';
import { addTargetOptions } from './options';
import { withSignals } from './signals';

const mark = (ok: boolean) => (ok ? '✔' : '✘');

/** The step × (fails before, passes after, mutations caught) table, and the weak checks under it. */
export function renderVerifyReport(report: VerifyReport): string {
  const w = Math.max(4, ...report.rows.map((r) => r.stepId.length));
  const lines = [`  ${'step'.padEnd(w)}  fails before        passes after        mutations caught`];
  for (const r of report.rows) {
    const caught = r.mutations.filter((m) => m.caught && !m.error).length;
    const declared = r.mutations.length;
    const before = `${mark(r.before.verdict !== 'passed')} ${r.before.verdict}`;
    const after = `${mark(r.after.verdict === 'passed')} ${r.after.verdict}`;
    const muts = r.after.verdict === 'passed' ? `${mark(caught === declared && declared > 0)} ${caught}/${declared}` : '– (not run)';
    lines.push(`  ${r.stepId.padEnd(w)}  ${before.padEnd(18)}  ${after.padEnd(18)}  ${muts}`);
  }
  const weak = report.rows.filter((r) => r.problems.length);
  if (!weak.length) {
    lines.push('', `  All ${report.rows.length} checks of ${report.lab} are strong: each fails before its solve, passes after it and catches every declared mutation.`);
  } else {
    lines.push('', `  ${weak.length} weak check${weak.length > 1 ? 's' : ''}:`);
    for (const r of weak) {
      lines.push(`  ✘ ${r.stepId} (${r.title}):`);
      for (const p of r.problems) lines.push(`      - ${p}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `labwright verify-checks [LAB]`: proves every check fails on wrong state. */
export function registerVerifyChecks(program: Command, setExit: (code: number) => void): void {
  addTargetOptions(program.command('verify-checks').argument('[lab]', 'lab id', 'vpc-flow-logs').description('prove each check fails before its solve, passes after, and catches its mutations'))
    .option('--verbose', 'print each solve, mutation and restore as it happens')
    .addOption(new Option('--time-profile <profile>', "the fresh emulator's time profile (default: LABWRIGHT_TIME_PROFILE, else fast); aws = AWS's delays × --time-scale").choices(['fast', 'realtime', 'aws']))
    .option('--time-scale <F>', 'multiply every duration of the time profile by F (e.g. 0.02 with --time-profile aws)')
    .action(async (labId: string, flags: Record<string, any>) => {
      const lab = labFor(labId);
      if ((flags.target && flags.target !== 'embedded') || flags.endpoint || flags.profile) {
        throw new UsageError('verify-checks breaks and repairs the lab on purpose, so it runs only on a fresh embedded emulator: leave out --target and --endpoint (for AWS\'s timing use --time-profile aws --time-scale F).');
      }
      if (flags.timeScale !== undefined && !flags.timeProfile) throw new UsageError('--time-scale goes with --time-profile (e.g. --time-profile aws --time-scale 0.02).');
      const time = flags.timeProfile ? { profile: flags.timeProfile as 'fast' | 'realtime' | 'aws', timeScale: flags.timeScale === undefined ? 1 : parseTimeScale(flags.timeScale) } : undefined;
      if (!Object.keys(mutationsOf(lab)).length) throw new UsageError(`Lab ${labId} declares no mutations, so its checks cannot be verified; add them to its steps.`);
      const out: Output = stdout;
      out.write(`labwright verify-checks · ${lab.title} (${labId}) on a fresh embedded emulator${time ? ` (${time.profile} profile × ${time.timeScale})` : ''}\n`);
      const report = await withSignals((signal) =>
        verifyOnFreshEmulator({
          lab,
          region: flags.region,
          time,
          signal,
          log: flags.verbose ? (line) => out.write(`    · ${line}\n`) : undefined,
          onRow: (r) => out.write(`  ${mark(r.problems.length === 0)} ${r.stepId}\n`),
        }),
      );
      out.write(`\n${renderVerifyReport(report)}`);
      setExit(report.strong ? 0 : 1);
    });
}
