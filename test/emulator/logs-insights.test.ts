import {
  DescribeQueriesCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type GetQueryResultsCommandOutput,
  type MalformedQueryException,
} from '@aws-sdk/client-cloudwatch-logs';
import { FakeClock } from '../../core/clock';
import { providers as allProviders } from '../../emulator/services/index';
import { provider as logsProvider } from '../../emulator/services/logs/provider';
import { insightsHandlers } from '../../emulator/services/logs/insights-handlers';
import { createLabLogStream, putLabLogEvents } from './cloudwatch-fixture';
import { failure, useTestEmulator } from './helpers';

// The Logs provider with the Insights handlers spread in (the provider itself may already do this).
const logsWithInsights = { ...logsProvider, handlers: { ...logsProvider.handlers, ...insightsHandlers } };
const providers = allProviders.map((p) => (p.service === 'logs' ? logsWithInsights : p));

const T0 = Date.UTC(2026, 10, 28, 21, 0, 0);
const SEC = Math.floor(T0 / 1000);
const clock = new FakeClock(T0 + 3600_000);
const emu = useTestEmulator({ clock, providers, engines: false });

// Rejected connections from a few sources, with a different count each, plus accepted traffic.
const REJECTS: Record<string, number> = { '61.177.172.128': 5, '203.0.113.9': 3, '198.51.100.7': 1 };

beforeEach(async () => {
  const logs = emu.clients.logs;
  await createLabLogStream(logs);
  const lines: string[] = [];
  for (const [src, n] of Object.entries(REJECTS)) {
    for (let i = 0; i < n; i++) lines.push(`2 086112738802 eni-0d5d75b41f9befe9e ${src} 172.31.83.158 ${39600 + i} 22 6 1 40 ${SEC + i} ${SEC + i + 30} REJECT OK`);
  }
  lines.push(`2 086112738802 eni-0d5d75b41f9befe9e 10.0.0.8 172.31.83.158 50000 443 6 10 4000 ${SEC} ${SEC + 30} ACCEPT OK`);
  await putLabLogEvents(logs, lines.map((message, i) => [T0 + i * 1000, message]));
});

async function pollToComplete(queryId: string): Promise<{ seen: string[]; out: GetQueryResultsCommandOutput }> {
  const seen: string[] = [];
  for (let i = 0; i < 20; i++) {
    const out = await emu.clients.logs.send(new GetQueryResultsCommand({ queryId }));
    seen.push(out.status as string);
    if (out.status === 'Complete') return { seen, out };
    await clock.advance(25);
  }
  throw new Error(`The query did not complete; statuses seen: ${seen.join(', ')}.`);
}

describe('Logs Insights through the SDK', () => {
  it('runs the lab sample query: Scheduled → Running → Complete, top rejecters with counts', async () => {
    const queryString = 'fields @timestamp, @message, @logStream, @log\n| filter action="REJECT"\n| stats count(*) as numRejections by srcAddr\n| sort numRejections desc\n| limit 20';
    const { queryId } = await emu.clients.logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: SEC - 60, endTime: SEC + 3600, queryString }));
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);
    const { seen, out } = await pollToComplete(queryId as string);
    expect(seen[0]).toBe('Scheduled');
    expect(seen).toContain('Running');
    expect(out.results).toEqual(
      Object.entries(REJECTS).map(([src, n]) => [
        { field: 'srcAddr', value: src },
        { field: 'numRejections', value: String(n) },
      ]),
    );
    expect(out.statistics).toEqual({ recordsMatched: 9, recordsScanned: 10, bytesScanned: expect.any(Number) });
    expect(out.statistics?.bytesScanned).toBeGreaterThan(0);
  });

  it('returns raw rows with @timestamp in AWS format, @log and @ptr; startTime/endTime are inclusive seconds', async () => {
    const { queryId } = await emu.clients.logs.send(
      new StartQueryCommand({ logGroupNames: ['VPCFlowLogs'], startTime: SEC + 2, endTime: SEC + 3, queryString: 'fields @timestamp, @log, srcAddr | sort @timestamp asc' }),
    );
    const { out } = await pollToComplete(queryId as string);
    expect(out.results?.map((r) => r.map((c) => c.field))).toEqual([
      ['@timestamp', '@log', 'srcAddr', '@ptr'],
      ['@timestamp', '@log', 'srcAddr', '@ptr'],
    ]);
    expect(out.results?.[0][0].value).toBe('2026-11-28 21:00:02.000');
    expect(out.results?.[1][0].value).toBe('2026-11-28 21:00:03.000');
    expect(out.results?.[0][1].value).toBe('000000000000:VPCFlowLogs');
  });

  it('answers MalformedQueryException with the compile error location', async () => {
    const queryString = 'fields @timestamp | count()';
    const err = await failure<MalformedQueryException>(emu.clients.logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: SEC, endTime: SEC + 60, queryString })));
    expect(err.name).toBe('MalformedQueryException');
    expect(err.$metadata.httpStatusCode).toBe(400);
    const loc = err.queryCompileError!.location!;
    expect(queryString.slice(loc.startCharOffset, loc.endCharOffset)).toBe('count');
    expect(err.queryCompileError!.message).toMatch(/mismatched input 'count'/);
  });

  it('answers ResourceNotFoundException for an unknown log group and for an unknown query id', async () => {
    const err = await failure(emu.clients.logs.send(new StartQueryCommand({ logGroupName: 'nope', startTime: SEC, endTime: SEC + 60, queryString: 'limit 1' })));
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.message).toBe("Log group 'nope' does not exist for account ID '000000000000'");
    const err2 = await failure(emu.clients.logs.send(new GetQueryResultsCommand({ queryId: '00000000-0000-4000-8000-000000000000' })));
    expect(err2.name).toBe('ResourceNotFoundException');
  });

  it('validates parameters: no log group, several group parameters, reversed time range, too many groups', async () => {
    const base = { startTime: SEC, endTime: SEC + 60, queryString: 'limit 1' };
    const cases = [
      { ...base },
      { ...base, logGroupName: 'VPCFlowLogs', logGroupNames: ['VPCFlowLogs'] },
      { ...base, logGroupName: 'VPCFlowLogs', startTime: SEC + 60, endTime: SEC },
      { ...base, logGroupNames: Array.from({ length: 51 }, (_, i) => `g${i}`) },
    ];
    for (const input of cases) {
      const err = await failure(emu.clients.logs.send(new StartQueryCommand(input)));
      expect([JSON.stringify(input).slice(0, 60), err.name]).toEqual([JSON.stringify(input).slice(0, 60), 'InvalidParameterException']);
    }
  });

  it('stops a running query, refuses to stop a completed one, and lists queries with DescribeQueries', async () => {
    const logs = emu.clients.logs;
    const a = await logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: SEC, endTime: SEC + 60, queryString: 'stats count(*)' }));
    expect(await logs.send(new StopQueryCommand({ queryId: a.queryId }))).toMatchObject({ success: true });
    expect((await logs.send(new GetQueryResultsCommand({ queryId: a.queryId }))).status).toBe('Cancelled');

    await clock.advance(1);
    const b = await logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: SEC, endTime: SEC + 60, queryString: 'stats count(*) as n' }));
    const { out } = await pollToComplete(b.queryId as string);
    expect(out.results).toEqual([[{ field: 'n', value: '10' }]]);
    const err = await failure(logs.send(new StopQueryCommand({ queryId: b.queryId })));
    expect(err.name).toBe('InvalidParameterException');

    const all = await logs.send(new DescribeQueriesCommand({ logGroupName: 'VPCFlowLogs' }));
    expect(all.queries?.map((q) => [q.queryId, q.status, q.queryString])).toEqual([
      [b.queryId, 'Complete', 'stats count(*) as n'],
      [a.queryId, 'Cancelled', 'stats count(*)'],
    ]);
    expect(typeof all.queries?.[0].createTime).toBe('number');
    const complete = await logs.send(new DescribeQueriesCommand({ status: 'Complete' }));
    expect(complete.queries?.map((q) => q.queryId)).toEqual([b.queryId]);
    expect((await logs.send(new DescribeQueriesCommand({ logGroupName: 'other' }))).queries).toEqual([]);
  });

  it('applies the StartQuery limit to raw rows unless the query has a limit command', async () => {
    const logs = emu.clients.logs;
    const q1 = await logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: SEC, endTime: SEC + 60, queryString: 'fields @message', limit: 3 }));
    expect((await pollToComplete(q1.queryId as string)).out.results).toHaveLength(3);
    const q2 = await logs.send(new StartQueryCommand({ logGroupName: 'VPCFlowLogs', startTime: SEC, endTime: SEC + 60, queryString: 'fields @message | limit 5', limit: 3 }));
    expect((await pollToComplete(q2.queryId as string)).out.results).toHaveLength(5);
  });
});
