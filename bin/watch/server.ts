// The live page's HTTP server: the page at /, the latest checklist at /state.json, and every new
// checklist pushed to open pages as a Server-Sent Event on /events. Loopback only.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../../core/errors';
import { redact } from '../../core/redact';
import type { RunRecord, Verdict } from '../../runner/model';
import { discoveryProblem, tally } from './checklist';
import { watchPageHtml } from './page';

/** The checklist as the page shows it. */
export interface WatchState {
  lab: string;
  labTitle: string;
  target: string;
  endpoint?: string;
  region: string;
  intervalMs: number;
  /** How many check passes have run. */
  pass: number;
  checkedAt: number;
  done: number;
  total: number;
  tally: string;
  problem?: string;
  steps: Array<{ number: number; stepId: string; title: string; verdict: Verdict; summary: string; hint?: string; etaMs?: number }>;
}

/** Builds the page's state from a check pass. */
export function watchState(run: RunRecord, labSteps: string[], pass: number, intervalMs: number): WatchState {
  return {
    lab: run.lab,
    labTitle: run.labTitle,
    target: run.target,
    ...(run.endpoint ? { endpoint: run.endpoint } : {}),
    region: run.region,
    intervalMs,
    pass,
    checkedAt: run.finishedAt,
    done: run.steps.filter((s) => s.result.verdict === 'passed').length,
    total: run.steps.length,
    tally: tally(run),
    problem: discoveryProblem(run),
    steps: run.steps.map((s) => ({
      number: labSteps.indexOf(s.stepId) + 1,
      stepId: s.stepId,
      title: s.title,
      verdict: s.result.verdict,
      summary: s.result.summary,
      ...(s.result.hint ? { hint: s.result.hint } : {}),
      ...(s.result.etaMs !== undefined ? { etaMs: s.result.etaMs } : {}),
    })),
  };
}

/** A started live-page server. */
export interface WatchServer {
  url: string;
  /** Sends a new checklist to every open page (and to later ones). */
  publish(state: WatchState): void;
  close(): Promise<void>;
}

/** Starts the live page on 127.0.0.1 (port 0 picks a free one). */
export async function startWatchServer(opts: { port?: number } = {}): Promise<WatchServer> {
  const html = watchPageHtml();
  const clients = new Set<ServerResponse>();
  let latest: string | undefined;

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    } else if (path === '/state.json') {
      if (!latest) res.writeHead(204).end();
      else res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(latest);
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 2000\n\n');
      if (latest) res.write(event(latest));
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the live page is at /.\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new UsageError(`Port ${opts.port} on 127.0.0.1 is already in use; choose another --port or leave it out for a free one.`) : err),
    );
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    publish(state) {
      // This is a place output is written: hints and summaries go through redaction here.
      latest = redact(JSON.stringify(state));
      for (const c of clients) c.write(event(latest));
    },
    async close() {
      for (const c of clients) c.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function event(json: string): string {
  return `event: state\ndata: ${json}\n\n`;
}
