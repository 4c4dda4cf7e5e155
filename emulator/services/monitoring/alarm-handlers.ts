import { AwsError, type Handler, type RequestContext } from '../../framework/types';
import type { AlarmHistoryItem, AlarmStateValue, StoredAlarm } from '../../alarms/types';
import { appendHistory, applyTransition } from '../../alarms/transition';
import type { MonitoringState } from './types';
import { listAlarms, sortDimensions } from './store';
import { validateAlarmInput, type AlarmConfig } from './alarm-config';
import { invalidCombination, invalidValue, required, toMs } from './errors';
import { publishAlarmNotificationsFor } from './sns-handoff';

const STATES: AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** A stored alarm as the MetricAlarm shape (Dates for timestamps, no internal fields). */
function toMetricAlarm(a: StoredAlarm) {
  const { accountId: _a, region: _r, StateUpdatedTimestamp, StateTransitionedTimestamp, AlarmConfigurationUpdatedTimestamp, ...rest } = a;
  return {
    ...rest,
    AlarmConfigurationUpdatedTimestamp: new Date(AlarmConfigurationUpdatedTimestamp),
    StateUpdatedTimestamp: new Date(StateUpdatedTimestamp),
    StateTransitionedTimestamp: new Date(StateTransitionedTimestamp),
  };
}

function configOf(a: StoredAlarm): AlarmConfig {
  const { StateValue: _v, StateReason: _r, StateReasonData: _d, StateUpdatedTimestamp: _u, StateTransitionedTimestamp: _t, AlarmConfigurationUpdatedTimestamp: _c, AlarmArn: _arn, accountId: _acc, region: _reg, ...config } = a;
  return config;
}

function requireAlarm(state: MonitoringState, name: unknown): StoredAlarm {
  const alarm = typeof name === 'string' && Object.prototype.hasOwnProperty.call(state.alarms, name) ? state.alarms[name] : undefined;
  if (!alarm) throw new AwsError('ResourceNotFound', `Alarm ${String(name)} not found`, 404);
  return alarm;
}

function paging(input: { MaxRecords?: number; NextToken?: string }, max = 100, dflt = 50): { offset: number; limit: number } {
  const limit = input.MaxRecords ?? dflt;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw invalidValue(`The parameter MaxRecords must be between 1 and ${max}.`);
  const offset = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new AwsError('InvalidNextToken', 'The service returned an invalid NextToken.', 400);
  return { offset, limit };
}

const nextToken = (total: number, offset: number, limit: number) => (total > offset + limit ? Buffer.from(String(offset + limit)).toString('base64url') : undefined);

function configHistory(ctx: RequestContext, name: string, summary: string, data: unknown): AlarmHistoryItem {
  return { AlarmName: name, AlarmType: 'MetricAlarm', Timestamp: ctx.clock.now(), HistoryItemType: 'ConfigurationUpdate', HistorySummary: summary, HistoryData: JSON.stringify(data) };
}

function alarmByArn(ctx: RequestContext, arn: unknown): StoredAlarm {
  const state = ctx.state<MonitoringState>();
  const m = typeof arn === 'string' ? /^arn:[^:]+:cloudwatch:([^:]*):([^:]*):alarm:(.+)$/.exec(arn) : null;
  if (!m) throw invalidValue(`The value ${String(arn)} for parameter ResourceARN is not a valid alarm ARN.`);
  const alarm = m[1] === ctx.region && m[2] === ctx.accountId ? state.alarms[m[3]] : undefined;
  if (!alarm) throw new AwsError('ResourceNotFoundException', `Alarm ${m[3]} not found`, 404);
  return alarm;
}

/** Metric alarms: create/update, describe, delete, state, history, actions, tags. */
export const alarmHandlers: Record<string, Handler> = {
  PutMetricAlarm(input, ctx) {
    const state = ctx.state<MonitoringState>();
    const config = validateAlarmInput(input);
    const now = ctx.clock.now();
    const existing = state.alarms[config.AlarmName];
    if (existing) {
      // An update overwrites the whole configuration and keeps the state (spec §6).
      const original = configOf(existing);
      Object.assign(existing, config, { AlarmConfigurationUpdatedTimestamp: now });
      appendHistory(state, configHistory(ctx, config.AlarmName, `Alarm "${config.AlarmName}" updated`, { type: 'Update', version: '1.0', originalAlarm: original, updatedAlarm: config }));
    } else {
      const tags = (input.Tags ?? []) as Array<{ Key: string; Value: string }>;
      if (tags.length > 50) throw invalidValue('The collection Tags must not have more than 50 members.');
      const alarm: StoredAlarm = {
        ...config,
        AlarmArn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${config.AlarmName}`,
        StateValue: 'INSUFFICIENT_DATA',
        StateReason: 'Unchecked: Initial alarm creation',
        StateUpdatedTimestamp: now,
        StateTransitionedTimestamp: now,
        AlarmConfigurationUpdatedTimestamp: now,
        accountId: ctx.accountId,
        region: ctx.region,
      };
      state.alarms[config.AlarmName] = alarm;
      if (tags.length > 0) state.tags[alarm.AlarmArn] = Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
      appendHistory(state, configHistory(ctx, config.AlarmName, `Alarm "${config.AlarmName}" created`, { type: 'Create', version: '1.0', createdAlarm: config }));
    }
    ctx.runtime.markDirty();
    return {};
  },

  DescribeAlarms(input, ctx) {
    const state = ctx.state<MonitoringState>();
    if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined) throw invalidCombination('AlarmNames and AlarmNamePrefix cannot both be specified.');
    if (input.StateValue !== undefined && !STATES.includes(input.StateValue)) throw invalidValue(`The value ${input.StateValue} for parameter StateValue is not valid.`);
    const types: string[] = input.AlarmTypes ?? ['MetricAlarm'];
    const { offset, limit } = paging(input);
    const names: string[] | undefined = input.AlarmNames;
    const all = types.includes('MetricAlarm')
      ? listAlarms(state).filter(
          (a) =>
            (names === undefined || names.includes(a.AlarmName)) &&
            (input.AlarmNamePrefix === undefined || a.AlarmName.startsWith(input.AlarmNamePrefix)) &&
            (input.StateValue === undefined || a.StateValue === input.StateValue) &&
            (input.ActionPrefix === undefined || [...a.OKActions, ...a.AlarmActions, ...a.InsufficientDataActions].some((x) => x.startsWith(input.ActionPrefix))),
        )
      : [];
    return {
      MetricAlarms: all.slice(offset, offset + limit).map(toMetricAlarm),
      CompositeAlarms: types.includes('CompositeAlarm') ? [] : undefined,
      NextToken: nextToken(all.length, offset, limit),
    };
  },

  DescribeAlarmsForMetric(input, ctx) {
    const namespace = required<string>(input.Namespace, 'Namespace');
    const metricName = required<string>(input.MetricName, 'MetricName');
    const dims = input.Dimensions !== undefined ? JSON.stringify(sortDimensions(input.Dimensions)) : undefined;
    const alarms = listAlarms(ctx.state<MonitoringState>()).filter(
      (a) =>
        a.Namespace === namespace &&
        a.MetricName === metricName &&
        (dims === undefined || JSON.stringify(sortDimensions(a.Dimensions)) === dims) &&
        (input.Statistic === undefined || a.Statistic === input.Statistic) &&
        (input.ExtendedStatistic === undefined || a.ExtendedStatistic === input.ExtendedStatistic) &&
        (input.Period === undefined || a.Period === input.Period) &&
        (input.Unit === undefined || a.Unit === input.Unit),
    );
    return { MetricAlarms: alarms.map(toMetricAlarm) };
  },

  DeleteAlarms(input, ctx) {
    const state = ctx.state<MonitoringState>();
    const names: string[] = required(input.AlarmNames, 'AlarmNames');
    if (names.length > 100) throw invalidValue('The collection AlarmNames must not have more than 100 members.');
    const missing = names.filter((n) => !state.alarms[n]);
    // AWS deletes nothing when any name is wrong.
    if (missing.length > 0) throw new AwsError('ResourceNotFound', `${missing.length} of ${names.length} alarms not found: ${missing.join(', ')}`, 404);
    for (const n of names) {
      delete state.tags[state.alarms[n].AlarmArn];
      delete state.alarms[n];
      appendHistory(state, configHistory(ctx, n, `Alarm "${n}" deleted`, { type: 'Delete', version: '1.0' }));
    }
    ctx.runtime.markDirty();
    return {};
  },

  SetAlarmState(input, ctx) {
    const state = ctx.state<MonitoringState>();
    const alarm = requireAlarm(state, required(input.AlarmName, 'AlarmName'));
    const value = required<AlarmStateValue>(input.StateValue, 'StateValue');
    if (!STATES.includes(value)) throw invalidValue(`The value ${value} for parameter StateValue is not valid.`);
    const reason = required<string>(input.StateReason, 'StateReason');
    if (reason.length > 1023) throw invalidValue('The parameter StateReason must be at most 1023 characters.');
    let reasonData: string | undefined;
    if (input.StateReasonData !== undefined) {
      if (input.StateReasonData.length > 4000) throw invalidValue('The parameter StateReasonData must be at most 4000 characters.');
      try {
        JSON.parse(input.StateReasonData);
      } catch {
        throw new AwsError('InvalidFormat', 'The parameter StateReasonData is not valid JSON.', 400);
      }
      reasonData = input.StateReasonData;
    }
    const notes = applyTransition(state, alarm, value, reason, reasonData, ctx.clock.now());
    ctx.runtime.markDirty();
    publishAlarmNotificationsFor(ctx, notes);
    return {};
  },

  DescribeAlarmHistory(input, ctx) {
    const state = ctx.state<MonitoringState>();
    const types = ['ConfigurationUpdate', 'StateUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'];
    if (input.HistoryItemType !== undefined && !types.includes(input.HistoryItemType)) throw invalidValue(`The value ${input.HistoryItemType} for parameter HistoryItemType is not valid.`);
    const start = input.StartDate !== undefined ? toMs(input.StartDate, 'StartDate') : -Infinity;
    const end = input.EndDate !== undefined ? toMs(input.EndDate, 'EndDate') : Infinity;
    const alarmTypes: string[] = input.AlarmTypes ?? ['MetricAlarm', 'CompositeAlarm'];
    const { offset, limit } = paging(input, 100, 100);
    const items = state.history
      .map((h, i) => ({ h, i }))
      .filter(
        ({ h }) =>
          (input.AlarmName === undefined || h.AlarmName === input.AlarmName) &&
          (input.HistoryItemType === undefined || h.HistoryItemType === input.HistoryItemType) &&
          alarmTypes.includes(h.AlarmType) &&
          h.Timestamp >= start &&
          h.Timestamp <= end,
      )
      // Newest first by default; equal timestamps keep the order they happened in.
      .sort((a, b) => (input.ScanBy === 'TimestampAscending' ? a.h.Timestamp - b.h.Timestamp || a.i - b.i : b.h.Timestamp - a.h.Timestamp || b.i - a.i));
    return {
      AlarmHistoryItems: items.slice(offset, offset + limit).map(({ h }) => ({ ...h, Timestamp: new Date(h.Timestamp) })),
      NextToken: nextToken(items.length, offset, limit),
    };
  },

  EnableAlarmActions(input, ctx) {
    const state = ctx.state<MonitoringState>();
    for (const n of required<string[]>(input.AlarmNames, 'AlarmNames')) if (state.alarms[n]) state.alarms[n].ActionsEnabled = true;
    ctx.runtime.markDirty();
    return {};
  },

  DisableAlarmActions(input, ctx) {
    const state = ctx.state<MonitoringState>();
    for (const n of required<string[]>(input.AlarmNames, 'AlarmNames')) if (state.alarms[n]) state.alarms[n].ActionsEnabled = false;
    ctx.runtime.markDirty();
    return {};
  },

  TagResource(input, ctx) {
    const alarm = alarmByArn(ctx, input.ResourceARN);
    const state = ctx.state<MonitoringState>();
    const tags = (state.tags[alarm.AlarmArn] ??= {});
    for (const t of required<Array<{ Key: string; Value: string }>>(input.Tags, 'Tags')) tags[t.Key] = t.Value;
    if (Object.keys(tags).length > 50) throw invalidValue('A resource can have at most 50 tags.');
    ctx.runtime.markDirty();
    return {};
  },

  UntagResource(input, ctx) {
    const alarm = alarmByArn(ctx, input.ResourceARN);
    const tags = ctx.state<MonitoringState>().tags[alarm.AlarmArn] ?? {};
    for (const k of required<string[]>(input.TagKeys, 'TagKeys')) delete tags[k];
    ctx.runtime.markDirty();
    return {};
  },

  ListTagsForResource(input, ctx) {
    const alarm = alarmByArn(ctx, input.ResourceARN);
    const tags = ctx.state<MonitoringState>().tags[alarm.AlarmArn] ?? {};
    return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
  },
};
