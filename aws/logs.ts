// CloudWatch Logs helpers for the flow-log group: create, find, list streams, read events, delete.
// (Metric filters and Insights live with the steps that use them.)
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  ListTagsLogGroupCommand,
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  type LogGroup,
  type LogStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { findWithin, waitUntilVisible, type Visibility } from './idempotent';
import { isNearMiss } from '../core/edit-distance';

/** The only CloudWatch Logs client method the helpers use. */
export type Logs = Pick<CloudWatchLogsClient, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;

/**
 * Creates a log group. When it already exists and carries exactly these tags, a retry of this call
 * made it (its first answer was lost): that counts as created. Otherwise AWS's error is thrown.
 */
export async function createLogGroup(logs: Logs, name: string, tags: Record<string, string>, log: Log, opts: { visibility?: Visibility } = {}): Promise<void> {
  log(`Creating log group ${name}`);
  try {
    // AWS refuses an empty tags map (its model's minimum length is 1), so none is sent then.
    await logs.send(new CreateLogGroupCommand({ logGroupName: name, ...(Object.keys(tags).length ? { tags } : {}) }));
  } catch (err) {
    if ((err as Error).name !== 'ResourceAlreadyExistsException' || !Object.keys(tags).length) throw err;
    const theirs = await findWithin(async () => (await logs.send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags ?? {}, opts.visibility);
    if (!theirs || !Object.entries(tags).every(([k, v]) => theirs[k] === v)) throw err;
  }
}

/** Waits until a just-created log group is listed (DescribeLogGroups lags behind CreateLogGroup). */
export async function waitForLogGroup(logs: Logs, name: string, visibility?: Visibility): Promise<LogGroup> {
  return waitUntilVisible(`The log group ${name}`, () => getLogGroup(logs, name), visibility);
}

/** The log group with exactly this name, or undefined. */
export async function getLogGroup(logs: Logs, name: string): Promise<LogGroup | undefined> {
  let nextToken: string | undefined;
  do {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }));
    const hit = out.logGroups?.find((g) => g.logGroupName === name);
    if (hit) return hit;
    nextToken = out.nextToken;
  } while (nextToken);
  return undefined;
}

/** Log groups whose name is a near miss of `name`: other letter case or a typo or two (to tell a student). */
export async function findLogGroupsByName(logs: Logs, name: string): Promise<LogGroup[]> {
  // logGroupNamePattern is a case-sensitive substring search on AWS, so it cannot find
  // "mygroup" for "MyGroup": list the groups (up to 1000) and compare here.
  const out: LogGroup[] = [];
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeLogGroupsCommand({ nextToken }));
    out.push(...(page.logGroups ?? []).filter((g) => g.logGroupName && isNearMiss(name, g.logGroupName)));
    nextToken = page.nextToken;
  } while (nextToken && out.length < 20 && ++pages < 20);
  return out;
}

/** Streams of a group whose name starts with `prefix` (flow logs name them after the ENI). */
export async function listLogStreams(logs: Logs, group: string, prefix?: string): Promise<LogStream[]> {
  const out: LogStream[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: prefix, nextToken }));
    out.push(...(page.logStreams ?? []));
    nextToken = page.nextToken;
  } while (nextToken && out.length < 1000);
  return out;
}

/** What `filterLogEvents` reads. */
export interface EventQuery {
  group: string;
  streamPrefix?: string;
  pattern?: string;
  startTime?: number;
  /** Stop after this many events (a check never needs the whole group). */
  max?: number;
}

/** Events of a group matching a filter pattern, oldest first, up to `max` (default 1000). */
export async function filterLogEvents(logs: Logs, q: EventQuery): Promise<FilteredLogEvent[]> {
  const max = q.max ?? 1000;
  const out: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  // Paging is bounded: FilterLogEvents may return empty pages with a token while it scans.
  for (let page = 0; page < 50; page++) {
    const res = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: q.group,
        logStreamNamePrefix: q.streamPrefix,
        filterPattern: q.pattern,
        startTime: q.startTime,
        nextToken,
      }),
    );
    out.push(...(res.events ?? []));
    nextToken = res.nextToken;
    if (!nextToken || out.length >= max) break;
  }
  return out.slice(0, max);
}

/** Deletes a log group and its streams. */
export async function deleteLogGroup(logs: Logs, name: string, log: Log): Promise<void> {
  log(`Deleting log group ${name}`);
  await logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
}
