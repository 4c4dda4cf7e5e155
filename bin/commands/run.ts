import { Command } from 'commander';
import { join } from 'node:path';
import { UsageError } from '../../core/errors';
import { runId as newRunId } from '../../core/ids';
import { stderr, stdout } from '../../core/log';
import { ConsoleReporter } from '../../reports/console';
import type { Reporter } from '../../runner/reporter';
import { labFor } from '../../session/labs';
import { maxRunMs, withCostGuard } from '../../runner/targets/cost-guard';
import { keptMessage, runSession } from '../../session/session';
import { resolveTarget } from '../../session/targets';
import { addTargetOptions } from './options';
import { withSignals } from './signals';

/** Parses `--only a,b` against the lab's step ids. */
export function parseOnly(value: string | undefined, known: string[]): string[] | undefined {
  if (!value) return undefined;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) throw new UsageError(`Unknown step id(s) in --only: ${unknown.join(', ')}; the lab's steps are: ${known.join(', ')}.`);
  return ids;
}

/** The console reporter for this process's terminal. */
export function consoleReporter(json: boolean): Reporter {
  // With --json, stdout carries only the report: progress goes to stderr.
  const out = json ? stderr : stdout;
  const tty = Boolean((json ? process.stderr : process.stdout).isTTY);
  return new ConsoleReporter(out, { tty, colour: tty && !process.env.NO_COLOR });
}

/** `labwright run [LAB]`: the whole lab as a script. */
export function registerRun(program: Command, setExit: (code: number) => void): void {
  addTargetOptions(program.command('run').argument('[lab]', 'lab id', 'vpc-flow-logs').description('run the whole lab: provision, act, wait for every outcome, tear down, report'))
    .option('--report-dir <dir>', 'where report.json, junit.xml and index.html go (default out/<run-id>/)')
    .option('--only <steps>', 'comma-separated step ids to run')
    .option('--keep', 'leave the lab standing after the run (the SSH key goes to the report folder, mode 0600)')
    .option('--lab-names', "use the lab's literal names instead of run-scoped ones (refused, exit 2, when one is taken)")
    .option('--strict', 'treat unsupported steps as not passed')
    .option('--json', 'print the report JSON on stdout')
    .option('--seed-evidence', 'on targets without flow-log delivery (LocalStack), seed synthetic flow records so the SSH checks run; marked as seeded')
    .action(async (labId: string, flags: Record<string, any>) => {
      const declared = labFor(labId);
      const only = parseOnly(flags.only, declared.steps.map((s: { id: string }) => s.id));
      const target = await resolveTarget({ ...flags, preflight: declared.environment.preflight });
      const lab = flags.seedEvidence && declared.seedEvidence ? { ...declared, steps: declared.seedEvidence(declared.steps, target.capabilities) } : declared;
      const runId = newRunId();
      const reportDir: string = flags.reportDir ?? join('out', runId);
      try {
        let interrupted = false;
        const result = await withSignals(async (signal) => {
          const session = await runSession({
            mode: 'run',
            lab,
            target,
            reporters: [consoleReporter(Boolean(flags.json))],
            reportDir,
            runId,
            only,
            keep: Boolean(flags.keep),
            labNames: Boolean(flags.labNames),
            strict: Boolean(flags.strict),
            // On a real account a hung run is cut off (and torn down) after the cost guard's maximum.
            signal: target.name === 'aws' ? withCostGuard(signal, maxRunMs()) : signal,
            log: (line) => (flags.json ? stderr : stdout).write(`    · ${line}\n`),
          });
          interrupted = signal.aborted;
          return session;
        });
        const out = flags.json ? stderr : stdout;
        if (flags.json) stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
        if (flags.keep) out.write(keptMessage(target, result.ledgerFile, result.leftStanding, result.ssh));
        else if (result.leftStanding > 0) out.write(`  ${result.leftStanding} resources could not be deleted; see above, or run labwright sweep.\n`);
        // Say plainly that a Ctrl-C'd run stopped early and whether it cleaned up after itself.
        if (interrupted && !flags.keep && result.leftStanding === 0) out.write('  Interrupted: the run stopped early and tore down every resource it had created.\n');
        else if (interrupted) out.write('  Interrupted: the run stopped early.\n');
        out.write(`  reports: ${join(reportDir, 'index.html')}, report.json, junit.xml\n`);
        setExit(interrupted ? 1 : result.exitCode);
      } finally {
        await target.close();
      }
    });
}
