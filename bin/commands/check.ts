import { Command } from 'commander';
import { UsageError } from '../../core/errors';
import { stderr, stdout, type Output } from '../../core/log';
import type { Target } from '../../runner/target';
import { allLabs, labFor } from '../../session/labs';
import type { AnyLab } from '../../runner/lab';
import { resolveTarget } from '../../session/targets';
import { checkOnce, type CheckPass } from '../../session/check';
import { renderChanges, renderChecklist } from '../watch/checklist';
import { parseInterval, watchLoop } from '../watch/loop';
import { startWatchServer, watchState } from '../watch/server';
import { addTargetOptions } from './options';
import { assertKnownSteps, closest } from './did-you-mean';
import { withSignals } from './signals';

const DEFAULT_LAB = 'vpc-flow-logs';

/**
 * Splits `check [LAB] [STEP...]`: the first word is a lab id when it names one; otherwise it is a
 * step of the default lab (`labwright check log-group`). Unknown step ids are a usage error that
 * names the nearest step id ("did you mean flow-log-s3?") and the lab's steps; a word closer to a
 * lab id than to any step is an unknown lab.
 */
export function resolveCheckArgs(first: string | undefined, steps: string[]): { lab: AnyLab; steps: string[] } {
  let words = [...steps];
  let labId = first ?? DEFAULT_LAB;
  const labs = allLabs();
  if (first && !labs[first]) {
    const defaultSteps: string[] = labs[DEFAULT_LAB]?.steps.map((s: { id: string }) => s.id) ?? [];
    const nearLab = closest(first, Object.keys(labs));
    if (labs[DEFAULT_LAB] && (defaultSteps.includes(first) || closest(first, defaultSteps))) {
      labId = DEFAULT_LAB;
      words = [first, ...steps];
    } else if (nearLab) {
      throw new UsageError(`Unknown lab '${first}' (did you mean ${nearLab}?); known labs: ${Object.keys(labs).join(', ')} (see labwright labs).`);
    } else if (labs[DEFAULT_LAB]) {
      throw new UsageError(`'${first}' is neither a lab nor a step of ${DEFAULT_LAB}: labs are ${Object.keys(labs).join(', ')}; the steps of ${DEFAULT_LAB} are ${defaultSteps.join(', ')}.`);
    }
  }
  const lab = labFor(labId);
  assertKnownSteps(words, lab.steps.map((s: { id: string }) => s.id), `for lab ${labId}`);
  return { lab, steps: words };
}

/** Parses `--port` for the live page. */
function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port '${value}' is not a TCP port; give a number from 1 to 65535 (or leave it out for a free one).`);
  return port;
}

/** `labwright check [LAB] [STEP...]`: read-only progress check for students. */
export function registerCheck(program: Command, setExit: (code: number) => void): void {
  addTargetOptions(
    program
      .command('check')
      .argument('[lab]', 'lab id (or the first step id of the default lab)')
      .argument('[steps...]', 'step ids to check (default: all)')
      .description("check a student's progress on their own AWS account (default --target aws), read-only, with hints"),
    'aws — your own account, the SDK\'s default credentials and region',
  )
    .option('--json', 'print the report JSON on stdout')
    .option('--watch', 're-check on an interval and serve a live page on 127.0.0.1')
    .option('--interval <duration>', 'with --watch: time between checks (minimum 2s; default 10s)')
    .option('--port <port>', 'with --watch: the live page port on 127.0.0.1 (default: a free one)')
    .option('--client-ip <ip>', 'the public IPv4 address you made the SSH connections from (default: found in the flow records)')
    .action(async (first: string | undefined, steps: string[], flags: Record<string, any>) => {
      const { lab, steps: only } = resolveCheckArgs(first, steps);
      const json = Boolean(flags.json);
      if (json && flags.watch) throw new UsageError('--json and --watch do not go together: use --json for one report, --watch for the live page.');
      for (const flag of ['interval', 'port'] as const) {
        if (flags[flag] !== undefined && !flags.watch) throw new UsageError(`--${flag} only applies with --watch: add --watch, or drop --${flag}.`);
      }
      let intervalMs = 0;
      try {
        intervalMs = flags.watch ? parseInterval(flags.interval) : 0;
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const port = parsePort(flags.port);
      const target = await resolveTarget({ ...flags, defaultTarget: 'aws', purpose: 'check', skipPreflight: true });
      const out = json ? stderr : stdout;
      const colour = Boolean((json ? process.stderr : process.stdout).isTTY) && !process.env.NO_COLOR;
      const labSteps = lab.steps.map((s) => s.id);
      try {
        if (!flags.watch) {
          const pass = await withSignals((signal) => checkOnce({ lab, target, steps: only, signal }), 'stopping');
          out.write(renderChecklist(pass.run, labSteps, { colour }));
          if (json) stdout.write(`${JSON.stringify(pass.report, null, 2)}\n`);
          setExit(pass.exitCode);
          return;
        }
        setExit(await withSignals((signal) => runWatch({ lab, target, only, intervalMs, port, out, colour, signal }), 'stopping the watch'));
      } finally {
        await target.close();
      }
    });
}

/** Options of `check --watch`. */
export interface WatchOptions {
  lab: AnyLab;
  target: Target;
  /** Step ids to check; all when empty. */
  only: string[];
  intervalMs: number;
  /** The live page's port on 127.0.0.1 (0: a free one). */
  port: number;
  out: Output;
  colour: boolean;
  /** Stops watching (Ctrl-C on the command line). */
  signal: AbortSignal;
}

/**
 * `check --watch`: serves the live page and re-checks every interval until the signal aborts; the
 * console gets the whole checklist once, then only what changed. Returns the last pass's exit code.
 */
export async function runWatch(o: WatchOptions): Promise<number> {
  const labSteps = o.lab.steps.map((s) => s.id);
  const server = await startWatchServer({ port: o.port });
  o.out.write(`Live checklist: ${server.url}  (re-checks every ${o.intervalMs / 1000}s; Ctrl-C to stop)\n\n`);
  let last: CheckPass | undefined;
  try {
    await watchLoop<CheckPass>({
      intervalMs: o.intervalMs,
      signal: o.signal,
      pass: (s) => checkOnce({ lab: o.lab, target: o.target, steps: o.only, signal: s }),
      onPass: (pass, n) => {
        o.out.write(last ? renderChanges(last.run, pass.run, labSteps, { colour: o.colour }, new Date()) : renderChecklist(pass.run, labSteps, { colour: o.colour }));
        server.publish(watchState(pass.run, labSteps, n, o.intervalMs));
        last = pass;
      },
    });
  } finally {
    await server.close();
  }
  o.out.write('Stopped watching.\n');
  return last?.exitCode ?? 1;
}
