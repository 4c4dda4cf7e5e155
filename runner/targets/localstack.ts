// LocalStack as a target: before a run, wait until its health endpoint answers, with a message
// that says how to start it when it never does (the compose file at the repository root).
import { systemClock, type Clock } from '../../core/clock';
import { errorMessage, UsageError } from '../../core/errors';
import { poll, PollTimeoutError } from '../../core/poll';

/** The services the lab needs LocalStack to run (the compose file starts exactly these). */
export const LOCALSTACK_SERVICES = ['ec2', 's3', 'iam', 'sts', 'sns', 'logs', 'cloudwatch'] as const;

/** What `/_localstack/health` answers: service → "available" | "running" | "disabled" | "error"… */
export interface LocalStackHealth {
  services: Record<string, string>;
  edition?: string;
  version?: string;
}

/** Options of the health wait (tests inject the fetch and the clock). */
export interface HealthWaitOptions {
  fetchJson?: (url: string) => Promise<{ status: number; json?: unknown }>;
  clock?: Clock;
  intervalsMs?: number[];
  /** Services that must be available or running (default: the lab's). */
  services?: readonly string[];
}

const READY = new Set(['available', 'running']);

async function defaultFetchJson(url: string): Promise<{ status: number; json?: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status };
  }
}

/**
 * Polls `ENDPOINT/_localstack/health` until LocalStack answers and every service the lab needs is
 * available or running; past `budgetMs` throws a UsageError naming the compose command that starts it.
 */
export async function waitForLocalStack(endpoint: string, budgetMs: number, opts: HealthWaitOptions = {}): Promise<LocalStackHealth> {
  const base = endpoint.replace(/\/+$/, '');
  const url = `${base}/_localstack/health`;
  const fetchJson = opts.fetchJson ?? defaultFetchJson;
  const wanted = opts.services ?? LOCALSTACK_SERVICES;
  try {
    const out = await poll<LocalStackHealth>(
      async () => {
        let res: { status: number; json?: unknown };
        try {
          res = await fetchJson(url);
        } catch (err) {
          return { done: false, reason: `no answer (${errorMessage(err)})` };
        }
        const health = res.json as LocalStackHealth | undefined;
        if (res.status !== 200 || !health?.services) return { done: false, reason: `HTTP ${res.status}` };
        const notReady = wanted.filter((s) => !READY.has(health.services[s] ?? 'missing'));
        if (notReady.length) return { done: false, value: health, reason: `not ready yet: ${notReady.map((s) => `${s}=${health.services[s] ?? 'missing'}`).join(', ')}` };
        return { done: true, value: health };
      },
      { description: `LocalStack at ${base}`, budgetMs, intervalsMs: opts.intervalsMs ?? [250, 500, 1000, 2000], clock: opts.clock ?? systemClock },
    );
    return out.value;
  } catch (err) {
    const last = err instanceof PollTimeoutError && err.lastReason ? ` (last: ${err.lastReason})` : '';
    throw new UsageError(`LocalStack is not answering at ${base}${last}: start it with docker compose -f docker-compose.localstack.yml up -d`);
  }
}
