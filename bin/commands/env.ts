import { Command } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors';
import { stdout } from '../../core/log';
import { CleanupLedger } from '../../runner/ledger';
import { envDown, envUp } from '../../session/env';
import { labFor } from '../../session/labs';
import { resolveTarget, targetNameOf } from '../../session/targets';
import { dirname } from 'node:path';
import { sshAccess, sshKeyFile, sshLine } from '../../session/ssh-access';
import { addTargetOptions } from './options';

/** The most recent ledger under out/ that still lists resources. */
function latestLedger(): string | undefined {
  if (!existsSync('out')) return undefined;
  const files = readdirSync('out')
    .map((d) => join('out', d, 'ledger.json'))
    .filter((f) => existsSync(f) && new CleanupLedger(f).size > 0)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0];
}

/** `labwright env up|down [LAB]`: only the lab environment. */
export function registerEnv(program: Command, setExit: (code: number) => void): void {
  addTargetOptions(program.command('env').argument('<action>', 'up or down').argument('[lab]', 'lab id', 'vpc-flow-logs').description('provision or remove only the lab environment (what a lab platform pre-provisions)'))
    .option('--ledger <file>', 'env down: the ledger written by env up or run --keep (default: the newest under out/)')
    .option('--lab-names', "env up: use the lab's literal names instead of run-scoped ones (refused, exit 2, when one is taken)")
    .action(async (action: string, labId: string, flags: Record<string, any>) => {
      if (action !== 'up' && action !== 'down') throw new UsageError(`Unknown env action '${action}'; use 'labwright env up' or 'labwright env down'.`);
      const lab = labFor(labId);
      if (targetNameOf(flags) === 'embedded') {
        throw new UsageError('env up|down on the embedded target would vanish with this process; start `labwright emulator` and pass --endpoint URL (or use --target aws).');
      }
      if (action === 'up' && flags.ledger !== undefined) throw new UsageError('--ledger only applies to env down (env up writes a new ledger and prints it): drop --ledger.');
      // env down works in the region the lab was created in (its ledger says), unless --region says otherwise.
      const ledgerFile: string | undefined = action === 'down' ? (flags.ledger ?? latestLedger()) : undefined;
      const region = flags.region ?? (ledgerFile && existsSync(ledgerFile) ? new CleanupLedger(ledgerFile).teardownOrder()[0]?.region : undefined);
      const target = await resolveTarget({ ...flags, region, preflight: lab.environment.preflight });
      const log = (line: string) => stdout.write(`  · ${line}\n`);
      try {
        if (action === 'up') {
          const up = await envUp(lab, target, log, { labNames: Boolean(flags.labNames) });
          stdout.write(`Environment of ${lab.id} is up (run ${up.runId}): ${up.description}.\n`);
          stdout.write(`Remove it with: labwright env down${target.endpoint ? ` --endpoint ${target.endpoint}` : ` --target ${target.name}`} --ledger ${up.ledgerFile}\n`);
          const ssh = await sshAccess(lab.environment.login?.(up.env), target, sshKeyFile(dirname(up.ledgerFile))).catch((err) => void log(`No SSH address for the instance: ${(err as Error).message}`));
          if (ssh) stdout.write(sshLine(ssh));
        } else {
          if (!ledgerFile || !existsSync(ledgerFile)) throw new UsageError('No ledger to tear down: pass --ledger FILE (written by env up or run --keep), or use labwright sweep to delete by tag.');
          const summary = await envDown(ledgerFile, target, log);
          for (const f of summary.failed) stdout.write(`  could not delete ${f.entry.kind} ${f.entry.id} (${f.entry.region}): ${f.reason}\n`);
          if (summary.notOurs.length) stdout.write(`Left ${summary.notOurs.length} resources alone: they no longer carry this run's tag.\n`);
          stdout.write(`Deleted ${summary.deleted.length} resources${summary.failed.length ? `; ${summary.failed.length} could not be deleted (run labwright sweep)` : ''}.\n`);
          if (summary.failed.length) return setExit(1);
        }
        setExit(0);
      } finally {
        await target.close();
      }
    });
}
