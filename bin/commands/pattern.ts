import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { ExitCode, UsageError } from '../../core/errors';
import { stdout } from '../../core/log';
import { compilePattern, CompiledPattern, PatternSyntaxError } from '../../patterns';

interface PatternTestOptions {
  pattern: string;
  event?: string[];
  eventsFile?: string;
  json?: boolean;
}

/** One event's outcome, in the order given (architecture §3). */
interface EventResult {
  event: string;
  matched: boolean;
  extractedValues: Record<string, string>;
}

/** `labwright pattern test`: the console's "Test pattern" for course authors. */
export function registerPattern(program: Command, setExit: (code: number) => void): void {
  const pattern = program.command('pattern').description('CloudWatch Logs filter-pattern tools');
  pattern
    .command('test')
    .description('test a filter pattern against log events, as the console does')
    .requiredOption('--pattern <pattern>', 'the filter pattern')
    .option('--event <text...>', 'a log event (repeatable)')
    .option('--events-file <file>', 'a file with one log event per line')
    .option('--json', 'print the result as JSON')
    .action((opts: PatternTestOptions) => {
      const compiled = compileOrExplain(opts.pattern);
      const events = collectEvents(opts);
      const results: EventResult[] = events.map((event) => ({ event, ...compiled.match(event) }));
      stdout.write(opts.json ? `${JSON.stringify({ pattern: opts.pattern, results })}\n` : renderTable(compiled, results));
      setExit(ExitCode.ok);
    });
}

function compileOrExplain(text: string): CompiledPattern {
  try {
    return compilePattern(text);
  } catch (err) {
    if (err instanceof PatternSyntaxError) {
      throw new UsageError(`${err.message} (${err.code}): ${err.reason.replace(/\.$/, '')}. Fix the --pattern value.`);
    }
    throw err;
  }
}

/** Events from --event (in order), then from --events-file (one per line, blank lines skipped). */
function collectEvents(opts: PatternTestOptions): string[] {
  const events = [...(opts.event ?? [])];
  if (opts.eventsFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.eventsFile, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new UsageError(`Cannot read the events file '${opts.eventsFile}' (${code}); check the path given to --events-file.`);
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length === 0) throw new UsageError(`The events file '${opts.eventsFile}' has no events; put one log event per line.`);
    events.push(...lines);
  }
  if (events.length === 0) throw new UsageError('No log events to test: give --event TEXT (repeatable) or --events-file FILE (one event per line).');
  return events;
}

const MAX_EVENT_WIDTH = 160;

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** A readable table: event number, ✓/✗, the event, and below it the values a match extracted. */
function renderTable(p: CompiledPattern, results: EventResult[]): string {
  const numWidth = Math.max(1, String(results.length).length);
  const indent = ' '.repeat(numWidth + 6);
  const lines = [`Pattern (${kindName(p)}): ${p.text}`, '', `${'#'.padStart(numWidth)}  ok  event`];
  results.forEach((r, i) => {
    lines.push(`${String(i + 1).padStart(numWidth)}  ${r.matched ? '✓' : '✗'}   ${shorten(r.event, MAX_EVENT_WIDTH)}`);
    const values = Object.entries(r.extractedValues);
    if (values.length > 0) lines.push(`${indent}${values.map(([k, v]) => `${k}=${v.includes(' ') ? JSON.stringify(v) : v}`).join('  ')}`);
  });
  const matched = results.filter((r) => r.matched).length;
  lines.push('', `${matched} of ${results.length} event${results.length === 1 ? '' : 's'} matched`);
  return `${lines.join('\n')}\n`;
}

function kindName(p: CompiledPattern): string {
  return { all: 'matches every event', terms: 'terms', space: 'space-delimited', json: 'JSON', regex: 'regular expression' }[p.kind];
}
