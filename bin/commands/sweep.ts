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
    .option('--all-regions', 'sweep every region enabled for the account (EC2 DescribeRegions), --region first')
    .option('--profile <profile>', 'AWS shared-config profile')
    .option('--older-than <age>', 'only runs older than this: 30m, 6h, 2d', '6h')
    .option('--dry-run', 'list what would be deleted (kind, id, run id, age), delete nothing')
    .action(async (flags: Record<string, any>) => {
      const olderThanMs = parseAge(String(flags.olderThan));
      const target = await resolveTarget({ ...flags, skipPreflight: true, target: flags.endpoint && flags.target === 'aws' ? 'endpoint' : flags.target });
      const at = target.endpoint ? ` at ${target.endpoint}` : '';
      try {
        const results = await sweepTarget(Object.values(allLabs()), target, { olderThanMs, dryRun: Boolean(flags.dryRun), allRegions: Boolean(flags.allRegions), log: (line) => stdout.write(`  · ${line}\n`) });
        let left = 0;
        for (const r of results) {
          const where = `${r.region}${at}`;
          const runs = new Set(r.found.map((i) => i.runId));
          if (r.found.length === 0) stdout.write(`Nothing to sweep: no resource tagged labwright:run-id older than ${flags.olderThan} in ${where}.\n`);
          else {
            stdout.write(`${flags.dryRun ? 'Would delete' : 'Deleting'} ${r.found.length} resources of ${runs.size} run(s) older than ${flags.olderThan} in ${where}:\n`);
            stdout.write(`${sweepTable(r.found)}\n`);
          }
          if (!flags.dryRun && r.found.length) {
            const failed = r.summary?.failed ?? [];
            for (const f of failed) stdout.write(`  Could not delete ${f.entry.kind} ${f.entry.id}: ${f.reason}\n`);
            stdout.write(`Deleted ${r.summary?.deleted.length ?? 0} resources${failed.length ? `; ${failed.length} could not be deleted` : ''}.\n`);
            left += failed.length;
          }
          left += r.skipped.length;
        }
        const skipped = results.flatMap((r) => r.skipped);
        if (skipped.length) {
          stdout.write(`Skipped ${skipped.length} that could not be read (the rest was swept):\n`);
          for (const s of skipped) stdout.write(`  ${s.what} in ${s.region}: ${s.reason}\n`);
        }
        if (flags.dryRun) stdout.write('Dry run: nothing was deleted.\n');
        // Anything skipped or left behind may still cost money: the sweep did not finish its job.
        setExit(left ? 1 : 0);
      } finally {
        await target.close();
      }
    });
}
