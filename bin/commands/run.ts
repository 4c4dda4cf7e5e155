import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors';
import { runId as newRunId } from '../../core/ids';
import { stderr, stdout, type Output } from '../../core/log';
import { ConsoleReporter } from '../../reports/console';
import type { Reporter } from '../../runner/reporter';
import type { Target } from '../../runner/target';
import { CleanupLedger } from '../../runner/ledger';
import { labFor } from '../../session/labs';
import { maxRunMs, withCostGuard } from '../../runner/targets/cost-guard';
import { keptMessage, runSession } from '../../session/session';
import { resolveTarget } from '../../session/targets';
import { assertKnownSteps } from './did-you-mean';
import { addTargetOptions } from './options';
import { withSignals } from './signals';
import { serveUntilSignal } from './serve';

/** Parses `--only a,b` against the lab's step ids (an unknown one gets "did you mean"). */
export function parseOnly(value: string | undefined, known: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw new UsageError(`--only takes comma-separated step ids, such as --only ${known.slice(0, 2).join(',')}.`);
  assertKnownSteps(ids, known, 'in --only');
  return ids;
}

/** The console reporter for this process's terminal. */
export function consoleReporter(json: boolean): Reporter {
  // With --json, stdout carries only the report: progress goes to stderr.
  const out = json ? stderr : stdout;
  const tty = Boolean((json ? process.stderr : process.stdout).isTTY);
  return new ConsoleReporter(out, { tty, colour: tty && !process.env.NO_COLOR });
}

/** Flags that would do nothing with the target chosen are usage errors (before anything starts). */
function assertRunFlags(flags: Record<string, any>, target: Target): void {
  if (flags.seedEvidence && target.capabilities.has('flow-log-delivery')) {
    throw new UsageError(`--seed-evidence only applies to targets without flow-log delivery (LocalStack); ${target.name} delivers real flow records: drop --seed-evidence.`);
  }
}

/**
 * A run id given with --run-id: it becomes part of bucket, Athena and other names, so it takes the
 * strictest of their charsets (lowercase letters, digits, dashes) and stays short.
 */
function checkRunId(id: string): string {
  if (!/^[a-z0-9][a-z0-9-]{2,39}$/.test(id)) throw new UsageError(`--run-id '${id}' is not usable in AWS names: use 3–40 lowercase letters, digits and dashes, starting with a letter or digit (e.g. nightly-1234).`);
  return id;
}

/** `labwright run [LAB]`: the whole lab as a script. */
export function registerRun(program: Command, setExit: (code: number) => void): void {
  addTargetOptions(program.command('run').argument('[lab]', 'lab id', 'vpc-flow-logs').description('run the whole lab: provision, act, wait for every outcome, tear down, report'))
    .option('--report-dir <dir>', 'where report.json, junit.xml and index.html go (default out/<run-id>/)')
    .option('--only <steps>', 'comma-separated step ids to run (on a fresh environment, or with --ledger on a kept lab)')
    .option('--ledger <file>', 'with --only: run the stages on the lab that run --keep or env up left standing (its ledger)')
    .option('--keep', 'leave the lab standing after the run (the SSH key goes to the report folder, mode 0600; on the embedded target: keep serving it until Ctrl-C)')
    .option('--lab-names', "use the lab's literal names instead of run-scoped ones (refused, exit 2, when one is taken)")
    .option('--run-id <id>', 'the run id that scopes names and tags (default: lw-<UTC time>-<random>; e.g. a CI job id)')
    .option('--strict', 'treat unsupported steps as not passed')
    .option('--json', 'print the report JSON on stdout')
    .option('--seed-evidence', 'on targets without flow-log delivery (LocalStack), seed synthetic flow records so the SSH checks run; marked as seeded')
    .action(async (labId: string, flags: Record<string, any>) => {
      const declared = labFor(labId);
      const only = parseOnly(flags.only, declared.steps.map((s: { id: string }) => s.id));
      if (flags.ledger !== undefined) {
        if (!only) throw new UsageError('--ledger goes with --only: it runs those stages on a kept lab (without --only, run provisions a lab of its own).');
        if (!existsSync(flags.ledger) || new CleanupLedger(flags.ledger).size === 0) throw new UsageError(`The ledger ${flags.ledger} does not exist or lists nothing: pass the one run --keep or env up printed.`);
        if (!flags.endpoint && flags.target !== 'aws') throw new UsageError('--ledger needs the target the kept lab is on: add --endpoint URL (the emulator it runs on) or --target aws.');
      }
      const runId = flags.runId === undefined ? newRunId() : checkRunId(flags.runId);
      const target = await resolveTarget({ ...flags, preflight: declared.environment.preflight });
      const reportDir: string = flags.reportDir ?? join('out', runId);
      try {
        assertRunFlags(flags, target);
        const lab = flags.seedEvidence && declared.seedEvidence ? { ...declared, steps: declared.seedEvidence(declared.steps, target.capabilities) } : declared;
        let interrupted = false;
        const out: Output = flags.json ? stderr : stdout;
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
            existingLedger: flags.ledger,
            strict: Boolean(flags.strict),
            // On a real account a hung run is cut off (and torn down) after the cost guard's maximum.
            signal: target.name === 'aws' ? withCostGuard(signal, maxRunMs()) : signal,
            log: (line) => out.write(`    · ${line}\n`),
          });
          interrupted = signal.aborted;
          return session;
        });
        if (flags.json) stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
        const kept = Boolean(flags.keep) || Boolean(flags.ledger);
        if (kept) out.write(keptMessage(target, result.ledgerFile, result.leftStanding, result.ssh));
        else if (result.leftStanding > 0) out.write(`  ${result.leftStanding} resources could not be deleted; see above, or run labwright sweep.\n`);
        // Say plainly that a Ctrl-C'd run stopped early and whether it cleaned up after itself.
        if (interrupted && !kept && result.leftStanding === 0) out.write('  Interrupted: the run stopped early and tore down every resource it had created.\n');
        else if (interrupted) out.write('  Interrupted: the run stopped early.\n');
        out.write(`  reports: ${join(reportDir, 'index.html')}, report.json, junit.xml\n`);
        setExit(interrupted ? 1 : result.exitCode);
        // The embedded emulator lives in this process: a kept lab on it is served until Ctrl-C,
        // so the env down and SSH lines above work as printed.
        if (flags.keep && target.name === 'embedded' && !interrupted) {
          out.write(`The embedded emulator keeps serving the lab at ${target.endpoint} until Ctrl-C (then it and the lab are gone).\n`);
          await serveUntilSignal();
          out.write('Stopped serving the kept lab.\n');
        }
      } finally {
        await target.close();
      }
    });
}
