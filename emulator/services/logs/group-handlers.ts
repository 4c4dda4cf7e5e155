import { AwsError, type Handler, type RequestContext } from '../../framework/types';
import type { LogsState, StoredLogGroup, StoredLogStream } from './types';
import { ensureLogGroup, newStream } from './store';
import {
  checkLimit,
  checkLogGroupName,
  checkStreamName,
  constraintError,
  decodeToken,
  encodeToken,
  groupArns,
  groupNameFromIdentifier,
  invalidParameter,
  requireGroup,
  RETENTION_DAYS,
} from './validation';

function describeGroup(ctx: RequestContext, g: StoredLogGroup) {
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    retentionInDays: g.retentionInDays,
    metricFilterCount: Object.keys(g.metricFilters).length,
    ...groupArns(ctx.region, ctx.accountId, g.name),
    storedBytes: g.storedBytes,
    kmsKeyId: g.kmsKeyId,
    logGroupClass: g.logGroupClass,
  };
}

function describeStream(ctx: RequestContext, g: StoredLogGroup, s: StoredLogStream) {
  return {
    logStreamName: s.name,
    creationTime: s.creationTime,
    firstEventTimestamp: s.firstEventTimestamp,
    lastEventTimestamp: s.lastEventTimestamp,
    lastIngestionTime: s.lastIngestionTime,
    uploadSequenceToken: sequenceToken(s),
    arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${g.name}:log-stream:${s.name}`,
    storedBytes: 0,
  };
}

/** The sequence token AWS still returns (and no longer checks): 56 digits growing with each upload. */
export function sequenceToken(s: StoredLogStream): string {
  return String(s.uploadSequence + 1).padStart(56, '0');
}

function checkTags(tags: unknown): Record<string, string> {
  if (tags === undefined || tags === null) return {};
  const entries = Object.entries(tags as Record<string, string>);
  if (entries.length > 50) throw constraintError('tags', tags, 'Member must have length less than or equal to 50');
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128 || k.startsWith('aws:')) throw invalidParameter(`The tag key '${k}' is not valid: use 1 to 128 characters, not starting with 'aws:'.`);
    if (typeof v !== 'string' || v.length > 256) throw invalidParameter(`The value of tag '${k}' is not valid: use at most 256 characters.`);
  }
  return Object.fromEntries(entries);
}

/** The group a tagging ARN names (`arn:aws:logs:r:a:log-group:NAME`, with or without `:*`). */
function groupByArn(ctx: RequestContext, arn: unknown): StoredLogGroup {
  const state = ctx.state<LogsState>();
  const m = typeof arn === 'string' ? /^arn:[^:]+:logs:([^:]*):([^:]*):log-group:([^:]+)(:\*)?$/.exec(arn) : null;
  if (!m) throw invalidParameter(`The resource ARN '${String(arn)}' is not a valid log group ARN.`);
  const g = m[1] === ctx.region && m[2] === ctx.accountId ? state.groups[m[3]] : undefined;
  if (!g) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
  return g;
}

/** Log groups, log streams, retention and tags. */
export const groupHandlers: Record<string, Handler> = {
  CreateLogGroup(input, ctx) {
    const state = ctx.state<LogsState>();
    const name = checkLogGroupName(input.logGroupName);
    if (state.groups[name]) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists', 400);
    const tags = checkTags(input.tags);
    if (input.logGroupClass !== undefined && !['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'].includes(input.logGroupClass)) {
      throw constraintError('logGroupClass', input.logGroupClass, 'Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]');
    }
    ensureLogGroup(state, name, ctx.clock.now());
    Object.assign(state.groups[name], { tags, kmsKeyId: input.kmsKeyId, logGroupClass: input.logGroupClass ?? 'STANDARD' });
    ctx.runtime.markDirty();
    return {};
  },

  DeleteLogGroup(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    delete ctx.state<LogsState>().groups[g.name];
    ctx.runtime.markDirty();
    return {};
  },

  DescribeLogGroups(input, ctx) {
    const state = ctx.state<LogsState>();
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    const limit = checkLimit(input.limit, 50, 50);
    const prefix: string | undefined = input.logGroupNamePrefix;
    // A case-sensitive substring search, as AWS documents it (DataLogs matches aws/DataLogs, not datalogs).
    const pattern: string | undefined = input.logGroupNamePattern;
    const wanted: string[] | undefined = input.logGroupIdentifiers?.map((id: string) => groupNameFromIdentifier(id));
    const after: string | undefined = input.nextToken ? decodeToken<{ after: string }>(input.nextToken).after : undefined;
    const names = Object.keys(state.groups)
      .sort()
      .filter((n) => (prefix === undefined || n.startsWith(prefix)) && (pattern === undefined || n.includes(pattern)))
      .filter((n) => (wanted === undefined || wanted.includes(n)) && (input.logGroupClass === undefined || state.groups[n].logGroupClass === input.logGroupClass))
      .filter((n) => after === undefined || n > after);
    const page = names.slice(0, limit);
    return {
      logGroups: page.map((n) => describeGroup(ctx, state.groups[n])),
      nextToken: names.length > limit ? encodeToken({ after: page[page.length - 1] }) : undefined,
    };
  },

  CreateLogStream(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    const name = checkStreamName(input.logStreamName);
    if (g.streams[name]) throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists', 400);
    g.streams[name] = newStream(name, ctx.clock.now());
    ctx.runtime.markDirty();
    return {};
  },

  DeleteLogStream(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    const name = checkStreamName(input.logStreamName);
    if (!g.streams[name]) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.', 400);
    delete g.streams[name];
    ctx.runtime.markDirty();
    return {};
  },

  DescribeLogStreams(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), input);
    const orderBy = input.orderBy ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw constraintError('orderBy', orderBy, 'Member must satisfy enum value set: [LogStreamName, LastEventTime]');
    }
    if (orderBy === 'LastEventTime' && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const limit = checkLimit(input.limit, 50, 50);
    const offset = input.nextToken ? decodeToken<{ offset: number }>(input.nextToken).offset : 0;
    const key = (s: StoredLogStream) => (orderBy === 'LastEventTime' ? (s.lastEventTimestamp ?? 0) : 0);
    const streams = Object.values(g.streams)
      .filter((s) => input.logStreamNamePrefix === undefined || s.name.startsWith(input.logStreamNamePrefix))
      .sort((a, b) => key(a) - key(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (input.descending) streams.reverse();
    const page = streams.slice(offset, offset + limit);
    return {
      logStreams: page.map((s) => describeStream(ctx, g, s)),
      nextToken: streams.length > offset + limit ? encodeToken({ offset: offset + limit }) : undefined,
    };
  },

  PutRetentionPolicy(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    if (!RETENTION_DAYS.includes(input.retentionInDays)) {
      throw constraintError('retentionInDays', input.retentionInDays ?? null, `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
    }
    g.retentionInDays = input.retentionInDays;
    ctx.runtime.markDirty();
    return {};
  },

  DeleteRetentionPolicy(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    delete g.retentionInDays;
    ctx.runtime.markDirty();
    return {};
  },

  TagResource(input, ctx) {
    const g = groupByArn(ctx, input.resourceArn);
    Object.assign(g.tags, checkTags(input.tags));
    ctx.runtime.markDirty();
    return {};
  },

  UntagResource(input, ctx) {
    const g = groupByArn(ctx, input.resourceArn);
    for (const k of input.tagKeys ?? []) delete g.tags[k];
    ctx.runtime.markDirty();
    return {};
  },

  ListTagsForResource(input, ctx) {
    return { tags: { ...groupByArn(ctx, input.resourceArn).tags } };
  },

  TagLogGroup(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    Object.assign(g.tags, checkTags(input.tags));
    ctx.runtime.markDirty();
    return {};
  },

  UntagLogGroup(input, ctx) {
    const g = requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName });
    for (const k of input.tags ?? []) delete g.tags[k];
    ctx.runtime.markDirty();
    return {};
  },

  ListTagsLogGroup(input, ctx) {
    return { tags: { ...requireGroup(ctx.state<LogsState>(), { logGroupName: input.logGroupName }).tags } };
  },
};
