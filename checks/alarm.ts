// Checks: an alarm on a metric filter's metric is configured as the lab asks (with its topic and
// email subscription), and it went to ALARM and notified (a datapoint, the transition, the
// notification and, on an emulator, the email). Names and values come from the lab.
import type { AlarmHistoryItem, Datapoint, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { Subscription } from '@aws-sdk/client-sns';
import * as cloudwatch from '../aws/cloudwatch';
import type { LabContext } from '../runner/context';
import { getMetricFilter } from '../aws/logs-metric-filters';
import * as sns from '../aws/sns';
import { result, type CheckResult, type Evidence } from '../runner/model';

/** The alarm as the lab configures it, and the lab text's words hints use. */
export interface AlarmCheckParams {
  name: string;
  logGroup: string;
  metricFilter: string;
  metricName: string;
  statistic: string;
  periodSeconds: number;
  threshold: number;
  comparison: string;
  /** The lab text's section that creates the alarm, and the one that makes it fire. */
  section: string;
  trafficSection: string;
  /** What makes the traffic that breaches ("SSH while the instance has only SecurityGroupX"). */
  breachingTraffic: string;
  /**
   * The lab's words for what the metric counts (optional; the defaults are the VPC Flow Logs lab's):
   * many (`rejected SSH attempts`), one more (`another rejected SSH attempt`), what the alarm adds up
   * (`rejected attempts`), and how they reach the metric.
   */
  words?: { counted?: string; another?: string; summed?: string; arrival?: string };
}

const DEFAULT_WORDS = {
  counted: 'rejected SSH attempts',
  another: 'another rejected SSH attempt',
  summed: 'rejected attempts',
  arrival: 'Rejected SSH attempts reach it only after the flow log delivers their records (several minutes)',
};
function wordsOf(p: AlarmCheckParams): typeof DEFAULT_WORDS {
  return { ...DEFAULT_WORDS, ...p.words };
}

/** Check: the alarm exists with the lab's metric, statistic, period and condition, and notifies an email topic. */
export function alarmConfigured(p: AlarmCheckParams): (ctx: LabContext) => Promise<CheckResult> {
  return (ctx) => checkAlarm(ctx, p);
}

/** Check: the alarm went to ALARM on a breaching datapoint and its notification went out. */
export function alarmFiredAndNotified(p: AlarmCheckParams): (ctx: LabContext) => Promise<CheckResult> {
  return (ctx) => checkAlarmFires(ctx, p);
}
const OPERATOR_SYMBOLS: Record<string, string> = { GreaterThanOrEqualToThreshold: '>=', GreaterThanThreshold: '>', LessThanOrEqualToThreshold: '<=', LessThanThreshold: '<' };
const OPERATOR_WORDS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: 'Greater/Equal',
  GreaterThanThreshold: 'Greater',
  LessThanOrEqualToThreshold: 'Lower/Equal',
  LessThanThreshold: 'Lower',
};
const SNS_ARN = /^arn:aws[\w-]*:sns:/;
/** How far back alarm-fires looks for the datapoint and the transition. */
const LOOKBACK_MS = 3_600_000;
/** On AWS, rejected traffic reaches the metric after the flow log's delivery (scaled by the target). */
const DATAPOINT_ETA_MS = 600_000;
/** Once a breaching datapoint exists, the alarm is evaluated within about a minute. */
const TRANSITION_ETA_MS = 60_000;
/**
 * A breaching datapoint visible this long with no ALARM transition means the alarm will not fire
 * for it. Counted from when the datapoint became visible, not from its timestamp (the record's
 * start: on AWS the datapoint appears 5–10 minutes after it).
 */
const TRANSITION_GRACE_MS = 600_000;
/** A datapoint is visible at the latest this long after its period ended (flow-log delivery to CloudWatch Logs, worst case). */
const VISIBILITY_LAG_MS = 900_000;
/** RunState: when alarm-fires first saw each breaching datapoint (ms by datapoint timestamp), and when its solve made its rejected SSH. */
export const ALARM_FIRES_STATE = { firstSeen: 'alarm-fires.first-seen', trafficAt: 'alarm-fires.traffic-at' } as const; // trafficAt: steps/alarm.ts ALARM_TRAFFIC_AT

/** Verifies the alarm's configuration, its SNS action and the topic's email subscription. */
async function checkAlarm(ctx: LabContext, p: AlarmCheckParams): Promise<CheckResult> {
  const alarm = await cloudwatch.getAlarm(ctx.clients.cloudwatch, p.name);
  if (!alarm) return missingAlarm(ctx, p);
  const filter = await findFilter(ctx, p);
  const evidence: Evidence[] = [{ kind: 'resource', title: `Alarm ${p.name}`, data: alarmConfig(alarm) }];
  const problems = configProblems(p, alarm, filter);

  const topicArns = (alarm.AlarmActions ?? []).filter((a) => SNS_ARN.test(a));
  const okOnly = !topicArns.length && [...(alarm.OKActions ?? []), ...(alarm.InsufficientDataActions ?? [])].some((a) => SNS_ARN.test(a));
  if (!topicArns.length) {
    problems.push(
      okOnly
        ? 'it notifies an SNS topic only for the OK or Insufficient data state, but the lab\'s alarm notifies when it is In alarm'
        : 'it sends no notification when it goes to ALARM; the lab\'s alarm notifies an SNS topic with an email endpoint',
    );
  }
  if (alarm.ActionsEnabled === false) problems.push('its actions are disabled, so it would notify no one');

  const pending: Subscription[] = [];
  const emailSubs: Subscription[] = [];
  const topicDetail: string[] = [];
  for (const topicArn of topicArns) {
    const attrs = await sns.getTopicAttributes(ctx.clients.sns, topicArn);
    if (!attrs) {
      problems.push(`its In alarm action is the SNS topic ${topicName(topicArn)}, which does not exist`);
      topicDetail.push(`${topicArn}: not found`);
      continue;
    }
    const subs = await sns.listSubscriptions(ctx.clients.sns, topicArn);
    evidence.push({ kind: 'resource', title: `Subscriptions of ${topicName(topicArn)}`, data: subs.map((s) => ({ protocol: s.Protocol, endpoint: s.Endpoint, arn: s.SubscriptionArn })) });
    topicDetail.push(`${topicArn}: ${subs.map((s) => `${s.Protocol}:${s.Endpoint}(${s.SubscriptionArn})`).join(', ') || 'no subscriptions'}`);
    const emails = subs.filter((s) => s.Protocol === 'email' || s.Protocol === 'email-json');
    emailSubs.push(...emails);
    pending.push(...emails.filter((s) => s.SubscriptionArn === sns.PENDING_CONFIRMATION));
  }
  if (topicArns.length && !emailSubs.length && !problems.some((p) => p.includes('does not exist'))) {
    problems.push(`its topic ${topicName(topicArns[0])} has no email subscription, so no email would be sent`);
  }
  const detail = `${describeAlarm(alarm)}; filter ${filter ? `${filter.metricTransformations?.[0]?.metricNamespace}/${filter.metricTransformations?.[0]?.metricName}` : 'not found'}; topics: ${topicDetail.join('; ') || 'none'}`;
  if (problems.length) {
    return result('failed', `Alarm ${p.name} is not configured as the lab asks.`, { hint: `Your alarm '${p.name}': ${problems.join('; ')} (step "${p.section}").`, detail, evidence });
  }
  const confirmed = emailSubs.length > pending.length;
  if (!confirmed) {
    return result('passed', `Alarm ${p.name} is configured; its email subscription still waits for confirmation.`, {
      hint: `The alarm is set up, but the email address ${pending[0].Endpoint} has not confirmed its subscription yet: open the "AWS Notification - Subscription Confirmation" email and click "Confirm subscription", or no alarm email will arrive.`,
      detail,
      evidence,
    });
  }
  return result('passed', `Alarm ${p.name} watches ${alarm.Namespace}/${alarm.MetricName} (${p.statistic}, ${fmtPeriod(p.periodSeconds)}, ${OPERATOR_SYMBOLS[p.comparison] ?? p.comparison} ${p.threshold}) and notifies ${topicName(topicArns[0])} by email.`, { detail, evidence });
}

/**
 * Verifies that rejected traffic produced a datapoint, the ALARM transition and the notification.
 * Only history and emails since the alarm's current configuration count: an alarm deleted and
 * re-created (or edited) has not proven anything by what its earlier configuration did.
 */
async function checkAlarmFires(ctx: LabContext, p: AlarmCheckParams): Promise<CheckResult> {
  const alarm = await cloudwatch.getAlarm(ctx.clients.cloudwatch, p.name);
  if (!alarm) {
    return result('failed', `No alarm named ${p.name}.`, { hint: `There is no alarm named '${p.name}' to fire; create it first (step "${p.section}").` });
  }
  const now = ctx.clock.now();
  const scale = ctx.target.budgetScale;
  const since = now - LOOKBACK_MS;
  const configuredAt = alarm.AlarmConfigurationUpdatedTimestamp?.getTime() ?? 0;
  const datapoints = await cloudwatch.getMetricStatistics(ctx.clients.cloudwatch, {
    namespace: alarm.Namespace ?? '',
    metricName: alarm.MetricName ?? p.metricName,
    statistic: 'Sum',
    periodSeconds: 60,
    startMs: since,
    endMs: now + 60_000,
  });
  // From the configuration on (or the last hour if longer): a student may check hours after it fired.
  const history = await cloudwatch.getAlarmHistory(ctx.clients.cloudwatch, p.name, configuredAt ? Math.min(since, configuredAt) : since);
  // History is kept by alarm name, across deletions: what came before this configuration is not its own.
  const current = history.filter((h) => (h.Timestamp?.getTime() ?? 0) >= configuredAt);
  const breaching = datapoints.filter((d) => (d.Sum ?? 0) >= 1);
  const toAlarm = current.filter((h) => h.HistoryItemType === 'StateUpdate' && / to ALARM$/.test(h.HistorySummary ?? ''));
  // The documented evidence shapes (runner/model.ts): the report charts the datapoints with the
  // threshold and marks the first move to ALARM.
  const alarmAt = toAlarm.map((h) => h.Timestamp?.getTime() ?? 0).filter(Boolean).sort((a, b) => a - b)[0];
  const evidence: Evidence[] = [
    {
      kind: 'metric-datapoints',
      title: `${alarm.Namespace}/${alarm.MetricName} (Sum per minute, last hour)`,
      data: {
        namespace: alarm.Namespace,
        metricName: alarm.MetricName,
        threshold: alarm.Threshold,
        ...(alarmAt ? { alarmAt } : {}),
        points: datapoints.map((d) => ({ timestamp: d.Timestamp?.getTime() ?? 0, value: d.Sum ?? 0 })).sort((a, b) => a.timestamp - b.timestamp),
      },
    },
    { kind: 'alarm-state', title: `State of ${p.name}`, data: { alarmName: p.name, state: alarm.StateValue, reason: alarm.StateReason } },
    { kind: 'alarm-history', title: `History of ${p.name}`, data: { items: history.map(historyView) } },
  ];
  const detail = `datapoints ${datapoints.map(fmtDatapoint).join(', ') || 'none'}; state ${alarm.StateValue}; configuration updated ${alarm.AlarmConfigurationUpdatedTimestamp?.toISOString()}; ` +
    `${toAlarm.length} transition(s) to ALARM since; ActionsEnabled ${alarm.ActionsEnabled}`;

  if (alarm.ActionsEnabled === false) {
    return result('failed', `Alarm ${p.name} has its actions disabled, so its notification never goes out.`, {
      hint: `Your alarm '${p.name}' has its actions disabled: whatever state it reaches, it notifies no SNS topic and no email is sent. The lab's alarm has its actions enabled (step "${p.section}").`,
      detail,
      evidence,
    });
  }
  if (!breaching.length && !toAlarm.length) {
    return result('pending', `No datapoint of ${alarm.Namespace}/${alarm.MetricName} in the last hour yet.`, {
      hint: `The metric ${alarm.MetricName} has no datapoint yet. ${wordsOf(p).arrival}; if you have not made any, try ${p.breachingTraffic} (step "${p.trafficSection}").`,
      detail,
      evidence,
      etaMs: DATAPOINT_ETA_MS * scale,
    });
  }
  if (alarm.StateValue === 'ALARM' && (alarm.StateUpdatedTimestamp?.getTime() ?? 0) < configuredAt) {
    // An update keeps the state: the alarm went to ALARM under an earlier configuration, and notifies
    // with this one only on its next transition.
    return result('pending', `Alarm ${p.name} has been in ALARM since before its configuration was last changed.`, {
      hint: `Your alarm went to ALARM at ${alarm.StateUpdatedTimestamp?.toISOString()}, before it was last created or changed (${alarm.AlarmConfigurationUpdatedTimestamp?.toISOString()}), so it has not notified as it is now configured; once it has left ALARM, make ${wordsOf(p).another} (step "${p.trafficSection}").`,
      detail,
      evidence,
      etaMs: DATAPOINT_ETA_MS * scale,
    });
  }
  if (!toAlarm.length && alarm.StateValue !== 'ALARM') {
    // A datapoint is stamped with its period's start; the alarm can judge it only once the period ends.
    const period = (alarm.Period ?? 60) * 1000;
    const newest = Math.max(...breaching.map((d) => d.Timestamp?.getTime() ?? 0));
    if (newest + period * Math.max(alarm.EvaluationPeriods ?? 1, 1) < configuredAt) {
      return result('pending', `The metric's rejects came before alarm ${p.name} was last created or changed.`, {
        hint: `The metric ${alarm.MetricName} last counted ${wordsOf(p).counted} at ${new Date(newest).toISOString()}, before your alarm was last created or changed (${alarm.AlarmConfigurationUpdatedTimestamp?.toISOString()}); make ${wordsOf(p).another} so the alarm as it is now can fire (step "${p.trafficSection}").`,
        detail,
        evidence,
        etaMs: DATAPOINT_ETA_MS * scale,
      });
    }
    const visibleAt = firstSeen(ctx, p.name, newest, now, period + VISIBILITY_LAG_MS * scale);
    if (now - visibleAt > TRANSITION_GRACE_MS * scale) {
      return result('failed', `The metric had rejects but alarm ${p.name} never went to ALARM.`, {
        hint: `The metric ${alarm.MetricName} counted ${wordsOf(p).counted} at ${new Date(newest).toISOString()}, but your alarm stayed ${alarm.StateValue}; compare its metric, statistic, period and condition with the lab (step "${p.section}").`,
        detail: `${detail}; the datapoint of ${new Date(newest).toISOString()} visible since ${new Date(visibleAt).toISOString()}`,
        evidence,
      });
    }
    return result('pending', `The metric has a datapoint; alarm ${p.name} is still ${alarm.StateValue}.`, { detail, evidence, etaMs: TRANSITION_ETA_MS * scale });
  }

  if (!toAlarm.length) {
    // In ALARM since the configuration, but the history does not show the move yet: without it
    // nothing proves when (or whether) this configuration fired.
    return result('pending', `Alarm ${p.name} is in ALARM; its history does not show the transition yet.`, { detail, evidence, etaMs: TRANSITION_ETA_MS * scale });
  }
  const topicArns = (alarm.AlarmActions ?? []).filter((a) => SNS_ARN.test(a));
  const actions = current.filter((h) => h.HistoryItemType === 'Action' && topicArns.some((t) => h.HistorySummary?.includes(t)));
  const sent = actions.filter((h) => /^Successfully executed action/.test(h.HistorySummary ?? ''));
  const transition = toAlarm[0];
  const lastTransition = transition.Timestamp?.getTime() ?? now;
  if (!sent.length) {
    const failedAction = actions.find((h) => /^Failed to execute action/.test(h.HistorySummary ?? ''));
    if (failedAction) {
      return result('failed', `Alarm ${p.name} fired but its notification failed.`, {
        hint: `The alarm went to ALARM, but CloudWatch could not notify its SNS topic: ${failedAction.HistorySummary} (step "${p.section}").`,
        detail: `${detail}; ${failedAction.HistorySummary}`,
        evidence,
      });
    }
    if (!topicArns.length || now - lastTransition > TRANSITION_ETA_MS * scale) {
      return result('failed', `Alarm ${p.name} fired but sent no notification.`, {
        hint: `The alarm went to ALARM, but no notification was sent: it needs an enabled In alarm action to an SNS topic (step "${p.section}").`,
        detail: `${detail}; AlarmActions ${JSON.stringify(alarm.AlarmActions)}`,
        evidence,
      });
    }
    return result('pending', `Alarm ${p.name} is in ALARM; its notification is on its way.`, { detail, evidence, etaMs: TRANSITION_ETA_MS * scale });
  }

  const topicArn = topicArns.find((t) => sent.some((h) => h.HistorySummary?.includes(t)))!;
  const action = sent.find((h) => h.HistorySummary?.includes(topicArn))!;
  const firedAt = new Date(lastTransition).toISOString();
  // The transition itself, with its timestamp, is the evidence that this configuration fired.
  evidence.push({ kind: 'alarm-history', title: `Transition to ALARM at ${firedAt}`, data: { items: [transition, action].map(historyView) } });
  const cause = causeOf(ctx, breaching, lastTransition, configuredAt);
  let delivered: string;
  if (ctx.target.emails) {
    const subject = cloudwatch.alarmEmailSubject(p.name, ctx.env.region);
    const mails = (await ctx.target.emails(topicArn)).filter((m) => m.subject === subject && !(Date.parse(m.timestamp) < configuredAt));
    if (!mails.length) {
      const subs = await sns.listSubscriptions(ctx.clients.sns, topicArn);
      const waiting = subs.find((s) => (s.Protocol === 'email' || s.Protocol === 'email-json') && s.SubscriptionArn === sns.PENDING_CONFIRMATION);
      return result('failed', `Alarm ${p.name} fired but no alarm email was delivered.`, {
        hint: waiting
          ? `The alarm notified its topic, but ${waiting.Endpoint} never confirmed the subscription, so no email was delivered: click "Confirm subscription" in the confirmation email.`
          : `The alarm notified its topic ${topicName(topicArn)}, but no email subscriber received "${subject}"; the topic needs a confirmed email subscription (step "${p.section}").`,
        detail: `${detail}; no email with subject ${JSON.stringify(subject)} for ${topicArn} since ${alarm.AlarmConfigurationUpdatedTimestamp?.toISOString()}`,
        evidence,
      });
    }
    const mail = mails[mails.length - 1];
    evidence.push({ kind: 'email', title: subject, data: mail });
    delivered = `; the email "${subject}" reached ${mail.endpoint}`;
  } else {
    // No outbox to read (a real account): say what SNS will have done with the notification, no more.
    const subs = await sns.listSubscriptions(ctx.clients.sns, topicArn);
    const emails = subs.filter((s) => s.Protocol === 'email' || s.Protocol === 'email-json');
    const pending = emails.filter((s) => s.SubscriptionArn === sns.PENDING_CONFIRMATION);
    delivered = !emails.length
      ? '; the topic has no email subscription, so no email went out'
      : pending.length === emails.length
        ? `; the email subscription of ${pending.map((s) => s.Endpoint).join(', ')} is pending confirmation, so SNS sent it no alarm email`
        : `; SNS delivers to the confirmed email subscription of ${emails.filter((s) => s.SubscriptionArn !== sns.PENDING_CONFIRMATION).map((s) => s.Endpoint).join(', ')} (the email itself cannot be seen from the API)`;
  }
  return result('passed', `Alarm ${p.name} went to ALARM at ${firedAt}${cause} and notified ${topicName(topicArn)}${delivered}.`, {
    detail: `${detail}; ${transition.HistorySummary} at ${firedAt}; ${action.HistorySummary} at ${action.Timestamp?.toISOString()}`,
    evidence,
  });
}

/**
 * When this step first saw the datapoint (kept in the run's state across polls), bounded by the
 * latest it can have become visible: its period's end plus the delivery lag.
 */
function firstSeen(ctx: LabContext, alarmName: string, datapointAt: number, now: number, latestLagMs: number): number {
  const key = `${ALARM_FIRES_STATE.firstSeen}:${alarmName}`;
  const seen = (ctx.state.get(key) as Record<number, number> | undefined) ?? {};
  seen[datapointAt] ??= now;
  ctx.state.set(key, seen);
  return Math.min(seen[datapointAt], datapointAt + latestLagMs);
}

/** Which rejects the transition counted, in words: made before the alarm existed (delivered late), or before this step's own. */
function causeOf(ctx: LabContext, breaching: Datapoint[], transitionAt: number, configuredAt: number): string {
  const counted = breaching.map((d) => d.Timestamp?.getTime() ?? 0).filter((t) => t <= transitionAt).sort((a, b) => b - a)[0];
  if (counted === undefined) return '';
  const at = new Date(counted).toISOString();
  if (counted < configuredAt) return ` on rejected SSH of ${at}, made before the alarm was configured and delivered after it`;
  const trafficAt = ctx.state.get(ALARM_FIRES_STATE.trafficAt) as number | undefined;
  if (trafficAt !== undefined && transitionAt < trafficAt) return ` on rejected SSH of ${at}, before this step made its own`;
  return ` on rejected SSH of ${at}`;
}

/** The filter the alarm should watch (undefined when it or the group is missing). */
async function findFilter(ctx: LabContext, p: AlarmCheckParams): Promise<MetricFilter | undefined> {
  try {
    return await getMetricFilter(ctx.clients.logs, p.logGroup, p.metricFilter);
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

/** What is wrong with the alarm's metric and condition, in the console's words. */
function configProblems(p: AlarmCheckParams, alarm: MetricAlarm, filter: MetricFilter | undefined): string[] {
  const problems: string[] = [];
  const t = filter?.metricTransformations?.[0];
  const wantName = t?.metricName ?? p.metricName;
  if (alarm.Metrics?.length) {
    problems.push(`it is based on a metric math expression, but the lab's alarm watches the metric ${wantName} of the metric filter directly`);
  } else if (alarm.MetricName !== wantName || (t && alarm.Namespace !== t.metricNamespace)) {
    problems.push(`it watches the metric ${alarm.Namespace}/${alarm.MetricName}, but the metric filter ${p.metricFilter} publishes ${t ? `${t.metricNamespace}/` : ''}${wantName}`);
  }
  if (alarm.Dimensions?.length) {
    problems.push(`it watches the metric with dimensions ${alarm.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ')}, which the metric filter does not publish`);
  }
  if (alarm.ExtendedStatistic) problems.push(`it uses the ${alarm.ExtendedStatistic} statistic, but the alarm should add up the ${wordsOf(p).summed} in each period`);
  else if (alarm.Statistic && alarm.Statistic !== p.statistic) problems.push(`it uses the ${alarm.Statistic} statistic, but the alarm should add up the ${wordsOf(p).summed} in each period`);
  if (alarm.Period !== undefined && alarm.Period !== p.periodSeconds) problems.push(`its period is ${fmtPeriod(alarm.Period)}, but the lab asks for ${fmtPeriod(p.periodSeconds)}`);
  if (alarm.ComparisonOperator !== p.comparison || alarm.Threshold !== p.threshold) {
    const words = OPERATOR_WORDS[alarm.ComparisonOperator ?? ''] ?? alarm.ComparisonOperator;
    problems.push(`it goes to ALARM whenever ${alarm.MetricName} is ${words} than ${alarm.Threshold}, but the lab asks for ${OPERATOR_WORDS[p.comparison]} than ${p.threshold}`);
  }
  return problems;
}

/** No alarm by the lab's name: point at a near miss if there is one. */
async function missingAlarm(ctx: LabContext, p: AlarmCheckParams): Promise<CheckResult> {
  const all = await cloudwatch.listAlarms(ctx.clients.cloudwatch);
  const near = all.find((a) => a.AlarmName?.toLowerCase().trim() === p.name.toLowerCase()) ?? all.find((a) => a.MetricName === p.metricName);
  return result('failed', `No alarm named ${p.name}.`, {
    hint: near
      ? `There is an alarm named '${near.AlarmName}', but the lab names it '${p.name}' (step "${p.section}", Alarm name).`
      : `There is no alarm named '${p.name}' in ${ctx.env.region} (step "${p.section}").`,
    detail: `DescribeAlarms → [${all.map((a) => a.AlarmName).join(', ')}]`,
  });
}

function alarmConfig(a: MetricAlarm): Record<string, unknown> {
  return {
    AlarmName: a.AlarmName, AlarmArn: a.AlarmArn, Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions, Statistic: a.Statistic ?? a.ExtendedStatistic,
    Period: a.Period, EvaluationPeriods: a.EvaluationPeriods, DatapointsToAlarm: a.DatapointsToAlarm, ComparisonOperator: a.ComparisonOperator, Threshold: a.Threshold,
    TreatMissingData: a.TreatMissingData, ActionsEnabled: a.ActionsEnabled, AlarmActions: a.AlarmActions, StateValue: a.StateValue,
  };
}

function describeAlarm(a: MetricAlarm): string {
  return `alarm ${a.AlarmArn ?? a.AlarmName}: ${a.Namespace}/${a.MetricName} ${a.Statistic ?? a.ExtendedStatistic} period ${a.Period} ${a.ComparisonOperator} ${a.Threshold} ` +
    `${a.DatapointsToAlarm ?? a.EvaluationPeriods}/${a.EvaluationPeriods} missing=${a.TreatMissingData ?? 'missing'} actions=${JSON.stringify(a.AlarmActions ?? [])}`;
}

function historyView(h: AlarmHistoryItem): { timestamp: number; type: string; summary: string } {
  return { timestamp: h.Timestamp?.getTime() ?? 0, type: h.HistoryItemType ?? '', summary: h.HistorySummary ?? '' };
}

function fmtDatapoint(d: Datapoint): string {
  return `${d.Timestamp?.toISOString()}=${d.Sum}`;
}

function fmtPeriod(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`;
}

function topicName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}
