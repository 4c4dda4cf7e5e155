import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors';
import { stdout } from '../../core/log';
import { sweepTable } from '../../runner/sweep';
import { allLabs } from '../../session/labs';
import { sweepTarget } from '../../session/sweep';
import { resolveTarget } from '../../session/targets';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `--older-than`: a whole number followed by m, h or d (`30m`, `6h`, `2d`); anything else is a UsageError. */
export function parseAge(text: string): number {
  const m = /^(\d+)([mhd])$/.exec(text.trim());
  if (!m) throw new UsageError(`--older-than '${text}' is not an age: write a whole number followed by m, h or d (for example 30m, 6h or 2d).`);
  return Number(m[1]) * UNITS[m[2]];
}

/** `labwright sweep`: deletes by tag what crashed runs left behind. */
export function registerSweep(program: Command, setExit: (code: number) => void): void {
  program
    .command('sweep')
    .description('delete resources that earlier crashed runs left behind (by the labwright:run-id tag)')
    .addOption(new Option('--target <target>', 'where to sweep').choices(['aws', 'localstack', 'endpoint']).default('aws'))
    .option('--endpoint <url>', 'an AWS-compatible endpoint (implies --target endpoint)')
    .option('--region <region>', 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region, us-east-1)')
    .option('--profile <profile>', 'AWS shared-config profile')
    .option('--older-than <age>', 'only runs older than this: 30m, 6h, 2d', '6h')
    .option('--dry-run', 'list what would be deleted (kind, id, run id, age), delete nothing')
    .action(async (flags: Record<string, any>) => {
      const olderThanMs = parseAge(String(flags.olderThan));
      const target = await resolveTarget({ ...flags, skipPreflight: true, target: flags.endpoint && flags.target === 'aws' ? 'endpoint' : flags.target });
      const where = `${target.region}${target.endpoint ? ` at ${target.endpoint}` : ''}`;
      try {
        const result = await sweepTarget(Object.values(allLabs()), target, { olderThanMs, dryRun: Boolean(flags.dryRun), log: (line) => stdout.write(`  · ${line}\n`) });
        const runs = new Set(result.found.map((i) => i.runId));
        if (result.found.length === 0) {
          stdout.write(`Nothing to sweep: no resource tagged labwright:run-id older than ${flags.olderThan} in ${where}.\n`);
          return setExit(0);
        }
        stdout.write(`${flags.dryRun ? 'Would delete' : 'Deleting'} ${result.found.length} resources of ${runs.size} run(s) older than ${flags.olderThan} in ${where}:\n`);
        stdout.write(`${sweepTable(result.found)}\n`);
        if (flags.dryRun) {
          stdout.write('Dry run: nothing was deleted.\n');
          return setExit(0);
        }
        const failed = result.summary?.failed ?? [];
        for (const f of failed) stdout.write(`  Could not delete ${f.entry.kind} ${f.entry.id}: ${f.reason}\n`);
        stdout.write(`Deleted ${result.summary?.deleted.length ?? 0} resources${failed.length ? `; ${failed.length} could not be deleted` : ''}.\n`);
        setExit(failed.length ? 1 : 0);
      } finally {
        await target.close();
      }
    });
}
