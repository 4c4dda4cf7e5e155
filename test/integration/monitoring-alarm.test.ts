import { checkAlarm, checkAlarmFires, solveAlarm, solveMetricFilter } from '../../scenarios/vpc-flow-logs/blocks';
import { DeleteAlarmsCommand, DisableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { putMetricAlarm, type AlarmSpec } from '../../aws/cloudwatch';
import { createTopic, subscribeEmail } from '../../aws/sns';
import { systemClock } from '../../core/clock';
import { poll } from '../../core/poll';
import { ALARM_EMAIL, ALARM_NAME, ALARM_TOPIC_NAME } from '../../fixtures/vpc-flow-logs/lab';
import type { CheckResult } from '../../runner/model';
import { putFlowEvents, startMonitoringFixture, stopMonitoringFixture, type MonitoringFixture } from './monitoring-helpers';

// Waits below have 30 s budgets (a loaded machine's SDK calls and queries are slow); tests get room for them.
jest.setTimeout(90_000);

const quiet = () => {};

describe('alarm and alarm-fires: solve and check through the SDK against the emulator', () => {
  let f: MonitoringFixture;
  beforeAll(async () => (f = await startMonitoringFixture()));
  afterAll(() => stopMonitoringFixture(f));
  beforeEach(async () => {
    await f.reset();
    await solveMetricFilter(f.ctx('run'));
  });

  /** The lab's alarm with one thing changed, a topic and (optionally confirmed) email subscription. */
  async function alarmWith(changes: Partial<AlarmSpec>, opts: { subscribe?: boolean; confirm?: boolean } = {}): Promise<string> {
    const topicArn = await createTopic(f.clients.sns, ALARM_TOPIC_NAME, {}, quiet);
    if (opts.subscribe !== false) await subscribeEmail(f.clients.sns, topicArn, ALARM_EMAIL, quiet);
    if (opts.confirm !== false) await f.target.confirmSubscriptions!(topicArn);
    const spec: AlarmSpec = {
      name: ALARM_NAME, namespace: 'vpcflowlogs', metricName: 'SSH Rejects', statistic: 'Sum', periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1,
      threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', treatMissingData: 'missing', alarmActions: [topicArn], tags: {},
    };
    await putMetricAlarm(f.clients.cloudwatch, { ...spec, ...changes }, quiet);
    return topicArn;
  }

  /** Re-runs the check while it says pending, as `run` mode does. */
  async function settle(check: () => Promise<CheckResult>): Promise<CheckResult> {
    const { value } = await poll(async () => {
      const r = await check();
      return r.verdict === 'pending' ? { done: false, reason: r.summary } : { done: true, value: r };
    }, { description: 'the check to settle', budgetMs: 30_000, intervalsMs: [200] });
    return value;
  }

  test('the solve creates topic, confirmed subscription and alarm, all in the ledger; the read-only check passes', async () => {
    await solveAlarm(f.ctx('run'));
    const kinds = f.ledger.teardownOrder().map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['alarm', 'sns-topic', 'sns-subscription', 'metric-filter']));
    expect(f.ledger.teardownOrder().find((e) => e.kind === 'sns-subscription')!.id).toMatch(/^arn:aws:sns:us-east-1:\d{12}:Default_CloudWatch_Alarms_Topic:/);
    const r = await checkAlarm(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.hint).toBeUndefined();
    expect(r.summary).toContain('Default_CloudWatch_Alarms_Topic');
  });

  test('on a target that cannot confirm, the subscription stays pending: the check says so and teardown leaves it to the topic', async () => {
    const ctx = f.ctx('run');
    await solveAlarm({ ...ctx, target: { ...ctx.target, confirmSubscriptions: undefined } });
    const sub = f.ledger.teardownOrder().find((e) => e.kind === 'sns-subscription')!;
    expect(sub.id).toMatch(/^pending confirmation arn:aws:sns:/);
    expect(sub.meta!.subscriptionArn).toMatch(/^arn:aws:sns:.*:Default_CloudWatch_Alarms_Topic:/);
    const r = await checkAlarm(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.hint).toContain('has not confirmed its subscription');
  });

  test('an unconfirmed email subscription still passes, with a hint to confirm it', async () => {
    await alarmWith({}, { confirm: false });
    const r = await checkAlarm(f.ctx('check'));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toContain('waits for confirmation');
    expect(r.hint).toContain(`${ALARM_EMAIL} has not confirmed its subscription`);
  });

  test.each<[string, Partial<AlarmSpec>, RegExp]>([
    ['threshold 10', { threshold: 10 }, /Greater\/Equal than 10, but the lab asks for Greater\/Equal than 1/],
    ['operator >', { comparison: 'GreaterThanThreshold' }, /is Greater than 1, but the lab asks for Greater\/Equal than 1/],
    ['statistic Average', { statistic: 'Average' }, /uses the Average statistic/],
    ['period 300', { periodSeconds: 300 }, /period is 5 minutes, but the lab asks for 1 minute/],
    ['another metric', { metricName: 'SSH Accepts' }, /watches the metric vpcflowlogs\/SSH Accepts, but the metric filter dest-port-22-rejects publishes vpcflowlogs\/SSH Rejects/],
    ['no alarm action', { alarmActions: [] }, /sends no notification when it goes to ALARM/],
  ])('%s fails with a hint', async (_what, changes, hint) => {
    await alarmWith(changes);
    const r = await checkAlarm(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(hint);
    expect(r.hint).toContain('step "Create an Alarm Based on the Metric Filter"');
  });

  test('a topic without subscriptions fails; a deleted topic fails', async () => {
    const topicArn = await alarmWith({}, { subscribe: false, confirm: false });
    let r = await checkAlarm(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('has no email subscription');
    await f.clients.sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
    r = await checkAlarm(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('Default_CloudWatch_Alarms_Topic, which does not exist');
  });

  test('an alarm under another name fails, pointing at the near miss', async () => {
    await alarmWith({ name: 'SSH Rejects' });
    const r = await checkAlarm(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain("an alarm named 'SSH Rejects', but the lab names it 'SSH rejects'");
  });

  test('alarm-fires: pending without a datapoint, then passed with datapoints, history and the email', async () => {
    await solveAlarm(f.ctx('run'));
    const before = await checkAlarmFires(f.ctx('check'));
    expect(before.verdict).toBe('pending');
    expect(before.etaMs).toBeGreaterThan(0);

    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }, { src: f.clientIp, dstPort: 22, action: 'ACCEPT' }]);
    const r = await settle(() => checkAlarmFires(f.ctx('check')));
    expect(r.verdict).toBe('passed');
    const metric = r.evidence.find((e) => e.kind === 'metric-datapoints')!.data as { threshold: number; alarmAt?: number; points: Array<{ timestamp: number; value: number }> };
    expect(metric.points.reduce((s, p) => s + p.value, 0)).toBe(1);
    expect(metric.threshold).toBe(1);
    expect(metric.alarmAt).toBeGreaterThanOrEqual(metric.points[0].timestamp);
    const history = (r.evidence.find((e) => e.kind === 'alarm-history')!.data as { items: Array<{ type: string; summary: string }> }).items;
    expect(history).toContainEqual(expect.objectContaining({ type: 'StateUpdate', summary: 'Alarm updated from INSUFFICIENT_DATA to ALARM' }));
    expect(history).toContainEqual(expect.objectContaining({ type: 'Action', summary: expect.stringMatching(/^Successfully executed action arn:aws:sns:/) }));
    expect(r.evidence.find((e) => e.kind === 'email')!.data).toMatchObject({ subject: 'ALARM: "SSH rejects" in US East (N. Virginia)', endpoint: ALARM_EMAIL });
  });

  test('alarm-fires: an unconfirmed subscription fails once the alarm fired, asking to confirm', async () => {
    await alarmWith({}, { confirm: false });
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    const r = await settle(() => checkAlarmFires(f.ctx('check')));
    expect(r.verdict).toBe('failed');
    expect(r.hint).toContain('never confirmed the subscription');
  });

  test('alarm-fires: an alarm without actions fires but fails for the missing notification', async () => {
    await alarmWith({ alarmActions: [] });
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    const r = await settle(() => checkAlarmFires(f.ctx('check')));
    expect(r.verdict).toBe('failed');
    expect(r.summary).toContain('sent no notification');
  });

  test('alarm-fires: a datapoint the alarm never fired on fails once the alarm had time to judge it', async () => {
    await alarmWith({ threshold: 10 });
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    const waiting = await poll(async () => {
      const r = await checkAlarmFires(f.ctx('check'));
      return r.summary.startsWith('The metric has a datapoint') ? { done: true, value: r } : { done: false, reason: r.summary };
    }, { description: 'the datapoint', budgetMs: 30_000, intervalsMs: [200] });
    expect(waiting.value.verdict).toBe('pending');
    // Three minutes later (the grace is scaled by the target), the alarm has had every chance.
    const later = { ...f.ctx('check'), clock: { now: () => Date.now() + 180_000, sleep: systemClock.sleep } };
    const r = await checkAlarmFires(later);
    expect(r.verdict).toBe('failed');
    expect(r.hint).toMatch(/counted rejected SSH attempts at .* but your alarm stayed (OK|INSUFFICIENT_DATA)/);
  });

  /** The lab's alarm fires once on a rejected SSH record and emails; the check passes. */
  async function firedOnce(): Promise<void> {
    await solveAlarm(f.ctx('run'));
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    expect((await settle(() => checkAlarmFires(f.ctx('check')))).verdict).toBe('passed');
  }

  test('alarm-fires: re-created with its actions disabled and fired again fails, whatever the earlier alarm sent', async () => {
    await firedOnce();
    await f.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM_NAME] }));
    await solveAlarm(f.ctx('run'));
    await f.clients.cloudwatch.send(new DisableAlarmActionsCommand({ AlarmNames: [ALARM_NAME] }));
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    const r = await checkAlarmFires(f.ctx('check'));
    expect(r.verdict).toBe('failed');
    expect(r.summary).toBe('Alarm SSH rejects has its actions disabled, so its notification never goes out.');
    expect(r.hint).toContain("Your alarm 'SSH rejects' has its actions disabled");
    expect(r.hint).toContain('step "Create an Alarm Based on the Metric Filter"');
  });

  test('alarm-fires: the earlier alarm\'s transition, action and email do not count for a re-created one that has not fired', async () => {
    await firedOnce();
    await f.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM_NAME] }));
    await alarmWith({ threshold: 10 });
    const r = await checkAlarmFires(f.ctx('check'));
    expect(r.verdict).toBe('pending');
    // Which pending: the datapoint is stamped with its minute's start, so when a minute boundary falls
    // between the reject and the re-creation, the rejects rightly "came before" the new alarm.
    expect(r.summary).toMatch(/^(The metric has a datapoint; alarm SSH rejects is still (OK|INSUFFICIENT_DATA)|The metric's rejects came before alarm SSH rejects was last created or changed)\.$/);
    // The earlier alarm's history is still shown to the author.
    const history = (r.evidence.find((e) => e.kind === 'alarm-history')!.data as { items: Array<{ type: string; summary: string }> }).items;
    expect(history).toContainEqual(expect.objectContaining({ type: 'Action', summary: expect.stringMatching(/^Successfully executed action/) }));
  });

  test('alarm-fires: rejects counted only before the alarm was created leave it pending, asking for another attempt', async () => {
    await solveAlarm(f.ctx('run'));
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT', start: Math.floor(Date.now() / 1000) - 600 }]);
    const r = await poll(async () => {
      const c = await checkAlarmFires(f.ctx('check'));
      return c.summary.startsWith('No datapoint') ? { done: false, reason: c.summary } : { done: true, value: c };
    }, { description: 'the datapoint', budgetMs: 30_000, intervalsMs: [200] });
    expect(r.value.verdict).toBe('pending');
    expect(r.value.summary).toBe("The metric's rejects came before alarm SSH rejects was last created or changed.");
    expect(r.value.hint).toContain('make another rejected SSH attempt so the alarm as it is now can fire (step "Generate Traffic for Alerts")');
  });

  test('alarm-fires: ACCEPT traffic alone leaves it pending (no datapoint)', async () => {
    await solveAlarm(f.ctx('run'));
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'ACCEPT' }, { src: f.clientIp, dstPort: 80, action: 'REJECT' }]);
    // No wait: the emulator applies metric filters inside PutLogEvents, so once that call has answered
    // the metric holds every datapoint these events make (none).
    const r = await checkAlarmFires(f.ctx('check'));
    expect(r.verdict).toBe('pending');
    expect(r.summary).toContain('No datapoint');
  });

  test('alarm-fires: the grace runs from when the datapoint became visible, not from its timestamp (on AWS it appears minutes later)', async () => {
    await alarmWith({ threshold: 10 });
    const configured = Date.now();
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT', start: Math.floor(configured / 1000) + 1 }]);
    // A target at AWS's pace (budgets × 1); the step's polls share one state, as in a run.
    const state = new Map<string, unknown>();
    const at = (ms: number) => ({ ...f.ctx('check'), target: { ...f.target, budgetScale: 1 }, state, clock: { now: () => ms, sleep: systemClock.sleep } });
    // First seen 10 minutes after its timestamp, as a flow record delivered late.
    const first = await poll(async () => {
      const r = await checkAlarmFires(at(configured + 10 * 60_000));
      return r.summary.startsWith('The metric has a datapoint') ? { done: true, value: r } : { done: false, reason: r.summary };
    }, { description: 'the datapoint', budgetMs: 10_000, intervalsMs: [200] });
    expect(first.value.verdict).toBe('pending');
    // Two minutes after it became visible the alarm still has time to judge it.
    expect((await checkAlarmFires(at(configured + 12 * 60_000))).verdict).toBe('pending');
    const late = await checkAlarmFires(at(configured + 21 * 60_000));
    expect(late.verdict).toBe('failed');
    expect(late.detail).toMatch(/visible since \S+$/);
  });

  test('alarm-fires: an ALARM on rejects made before the alarm existed passes only with the transition as evidence, and says so', async () => {
    await solveAlarm(f.ctx('run'));
    const configuredAt = Date.now();
    // The rejects of an earlier step, delivered after the alarm was created.
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT', start: Math.floor(configuredAt / 1000) - 30 }]);
    const r = await settle(() => checkAlarmFires(f.ctx('check')));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toMatch(/^Alarm SSH rejects went to ALARM at \S+ on rejected SSH of \S+, made before the alarm was configured and delivered after it and notified Default_CloudWatch_Alarms_Topic; the email "ALARM: \"SSH rejects\" in US East \(N\. Virginia\)" reached /);
    const transition = r.evidence.find((e) => e.kind === 'alarm-history' && e.title.startsWith('Transition to ALARM at '))!;
    const items = (transition.data as { items: Array<{ timestamp: number; type: string; summary: string }> }).items;
    expect(items[0]).toMatchObject({ type: 'StateUpdate', summary: expect.stringMatching(/ to ALARM$/) });
    expect(items[0].timestamp).toBeGreaterThanOrEqual(configuredAt - 1000);
    expect(items[1]).toMatchObject({ type: 'Action', summary: expect.stringMatching(/^Successfully executed action arn:aws:sns:/) });
  });

  test('alarm-fires on a target without an outbox (AWS) does not claim an email: a pending subscription is named as such', async () => {
    await alarmWith({}, { confirm: false });
    await putFlowEvents(f, [{ src: f.clientIp, dstPort: 22, action: 'REJECT' }]);
    const noOutbox = () => ({ ...f.ctx('check'), target: { ...f.target, emails: undefined } });
    const r = await settle(() => checkAlarmFires(noOutbox()));
    expect(r.verdict).toBe('passed');
    expect(r.summary).toMatch(/and notified Default_CloudWatch_Alarms_Topic; the email subscription of .+ is pending confirmation, so SNS sent it no alarm email\.$/);
    expect(r.evidence.some((e) => e.kind === 'email')).toBe(false);
  });
});

