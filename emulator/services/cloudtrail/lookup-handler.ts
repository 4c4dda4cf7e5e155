import type { Handler, RequestContext } from '../../framework/types';
import { ctErrors } from './errors';
import { HISTORY_DAYS, type CloudTrailState, type HistoryEvent } from './store';

const DAY_MS = 86_400_000;
const KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];

/** The Username event history shows: the IAM user's name, `root`, or the role session. */
export function historyUsername(record: Record<string, any>): string | undefined {
  const u = record.userIdentity ?? {};
  if (u.type === 'Root') return 'root';
  if (u.userName) return u.userName;
  return u.sessionContext?.sessionIssuer?.userName;
}

function attributeMatches(e: HistoryEvent, key: string, value: string): boolean {
  const r = e.record as Record<string, any>;
  switch (key) {
    case 'EventId': return r.eventID === value;
    case 'EventName': return r.eventName === value;
    case 'ReadOnly': return String(r.readOnly) === value;
    case 'Username': return historyUsername(r) === value;
    case 'EventSource': return r.eventSource === value;
    case 'AccessKeyId': return r.userIdentity?.accessKeyId === value;
    case 'ResourceType': return (r.resources ?? []).some((x: any) => x.type === value);
    case 'ResourceName': return (r.resources ?? []).some((x: any) => x.ARN === value);
    default: return false;
  }
}

function lookupEvents(input: any, ctx: RequestContext) {
  const attrs: Array<{ AttributeKey: string; AttributeValue: string }> = input.LookupAttributes ?? [];
  if (attrs.length > 1) throw ctErrors.lookupAttributes('You cannot specify more than one lookup attribute.');
  for (const a of attrs) if (!KEYS.includes(a.AttributeKey)) throw ctErrors.lookupAttributes(`${a.AttributeKey} is not a valid lookup attribute key.`);
  const max = input.MaxResults ?? 50;
  if (max < 1 || max > 50) throw ctErrors.maxResults();
  const now = ctx.clock.now();
  const start = input.StartTime ? new Date(input.StartTime).getTime() : now - HISTORY_DAYS * DAY_MS;
  const end = input.EndTime ? new Date(input.EndTime).getTime() : now;
  if (start > end) throw ctErrors.timeRange('Start time cannot be after end time.');
  const floor = now - HISTORY_DAYS * DAY_MS;
  const history = ctx.state<CloudTrailState>().history[ctx.region] ?? [];
  const matching = history
    .filter((e) => e.t >= Math.max(start, floor) && e.t <= end && attrs.every((a) => attributeMatches(e, a.AttributeKey, a.AttributeValue)))
    .reverse();
  const offset = input.NextToken ? Number.parseInt(Buffer.from(String(input.NextToken), 'base64').toString('utf8'), 10) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw ctErrors.invalidParameter('Invalid NextToken.');
  const page = matching.slice(offset, offset + max);
  return {
    Events: page.map((e) => {
      const r = e.record as Record<string, any>;
      return {
        EventId: r.eventID,
        EventName: r.eventName,
        ReadOnly: String(r.readOnly),
        AccessKeyId: r.userIdentity?.accessKeyId,
        EventTime: new Date(e.t),
        EventSource: r.eventSource,
        Username: historyUsername(r),
        Resources: (r.resources ?? []).map((x: any) => ({ ResourceType: x.type, ResourceName: x.ARN })),
        CloudTrailEvent: JSON.stringify(r),
      };
    }),
    NextToken: offset + max < matching.length ? Buffer.from(String(offset + max)).toString('base64') : undefined,
  };
}

/** Event history: the last 90 days of management events of this region. */
export const lookupHandlers: Record<string, Handler> = { LookupEvents: lookupEvents };
