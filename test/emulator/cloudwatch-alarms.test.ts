import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { FakeClock } from '../../core/clock';
import { failure, useTestEmulator } from './helpers';
import { LAB_ALARM_SETTINGS } from '../fixtures/lab-alarm';

const T0 = Date.UTC(2026, 10, 28, 21, 50, 0);
const clock = new FakeClock(T0);
const emu = useTestEmulator({ clock });

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:Default_CloudWatch_Alarms_Topic';
const labAlarm = (over: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput => ({ ...LAB_ALARM_SETTINGS, AlarmActions: [TOPIC], ...over });

describe('PutMetricAlarm and DescribeAlarms', () => {
  it('creates the lab alarm in INSUFFICIENT_DATA with every field', async () => {
    const cw = emu.clients.cloudwatch;
    const created = clock.now();
    await cw.send(new PutMetricAlarmCommand(labAlarm()));
    const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['SSH rejects'] }));
    expect(out.MetricAlarms).toEqual([
      {
        AlarmName: 'SSH rejects',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:SSH rejects',
        AlarmConfigurationUpdatedTimestamp: new Date(created),
        ActionsEnabled: true,
        OKActions: [],
        AlarmActions: [TOPIC],
        InsufficientDataActions: [],
        StateValue: 'INSUFFICIENT_DATA',
        StateReason: 'Unchecked: Initial alarm creation',
        StateUpdatedTimestamp: new Date(created),
        StateTransitionedTimestamp: new Date(created),
        MetricName: 'SSH Rejects',
        Namespace: 'vpcflowlogs',
        Statistic: 'Sum',
        Dimensions: [],
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'missing',
      },
    ]);
  });

  it('updates in place: the configuration is replaced and the state kept', async () => {
    const cw = emu.clients.cloudwatch;
    await cw.send(new PutMetricAlarmCommand(labAlarm()));
    // Advancing the clock lets the alarm engine tick, so set the state only afterwards.
    await clock.advance(5000);
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'SSH rejects', StateValue: 'OK', StateReason: 'test' }));
    await cw.send(new PutMetricAlarmCommand(labAlarm({ Threshold: 5, AlarmActions: undefined, AlarmDescription: 'five' })));
    const [a] = (await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
    expect(a).toMatchObject({ StateValue: 'OK', StateReason: 'test', Threshold: 5, AlarmActions: [], AlarmDescription: 'five' });
    expect(a.AlarmConfigurationUpdatedTimestamp).toEqual(new Date(clock.now()));
    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'SSH rejects', HistoryItemType: 'ConfigurationUpdate' }));
    expect(history.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual(['Alarm "SSH rejects" updated', 'Alarm "SSH rejects" created']);
    expect(JSON.parse(history.AlarmHistoryItems?.[0].HistoryData ?? '{}')).toMatchObject({ type: 'Update', originalAlarm: { Threshold: 1 }, updatedAlarm: { Threshold: 5 } });
  });

  it('validates the configuration with CloudWatch error codes', async () => {
    const cw = emu.clients.cloudwatch;
    const cases: Array<[Partial<PutMetricAlarmCommandInput>, string, string | RegExp]> = [
      [{ Period: 45 }, 'InvalidParameterValueException', 'The parameter Period must be 10, 20, 30 or a multiple of 60.'],
      [{ Period: 60, EvaluationPeriods: 1441, DatapointsToAlarm: 1 }, 'InvalidParameterCombinationException', 'Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).'],
      [{ Period: 3600, EvaluationPeriods: 169 }, 'InvalidParameterCombinationException', /more than 7 days/],
      [{ DatapointsToAlarm: 2 }, 'InvalidParameterCombinationException', 'DatapointsToAlarm must be less than or equal to EvaluationPeriods.'],
      [{ ExtendedStatistic: 'p90' }, 'InvalidParameterCombinationException', 'Exactly one of Statistic and ExtendedStatistic must be specified.'],
      [{ Threshold: undefined }, 'MissingRequiredParameterException', 'The parameter Threshold is required.'],
      [{ TreatMissingData: 'sometimes' }, 'InvalidParameterValueException', /TreatMissingData/],
      // The model's list length (≤ 5) is checked before the operation runs, in Coral's words.
      [{ AlarmActions: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'ValidationException', "1 validation error detected: Value '[a, b, c, d, e, f]' at 'alarmActions' failed to satisfy constraint: Member must have length less than or equal to 5"],
      [{ AlarmActions: ['Default_CloudWatch_Alarms_Topic'] }, 'ValidationException', 'Invalid arn syntax: Default_CloudWatch_Alarms_Topic'],
    ];
    for (const [over, name, message] of cases) {
      const err = await failure(cw.send(new PutMetricAlarmCommand(labAlarm(over))));
      expect([err.name, err.$metadata.httpStatusCode]).toEqual([name, 400]);
      expect(err.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    }
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });

  it('filters by prefix, state and action prefix, and pages', async () => {
    const cw = emu.clients.cloudwatch;
    for (const n of ['a1', 'a2', 'b1']) await cw.send(new PutMetricAlarmCommand(labAlarm({ AlarmName: n, AlarmActions: n === 'b1' ? ['arn:aws:sns:us-east-1:000000000000:other'] : [TOPIC] })));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'a2', StateValue: 'ALARM', StateReason: 'x' }));
    const names = async (input: object) => (await cw.send(new DescribeAlarmsCommand(input))).MetricAlarms?.map((a) => a.AlarmName);
    expect(await names({ AlarmNamePrefix: 'a' })).toEqual(['a1', 'a2']);
    expect(await names({ StateValue: 'ALARM' })).toEqual(['a2']);
    expect(await names({ ActionPrefix: 'arn:aws:sns:us-east-1:000000000000:oth' })).toEqual(['b1']);
    const p1 = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 2 }));
    const p2 = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 2, NextToken: p1.NextToken }));
    expect([...(p1.MetricAlarms ?? []), ...(p2.MetricAlarms ?? [])].map((a) => a.AlarmName)).toEqual(['a1', 'a2', 'b1']);
    expect(p2.NextToken).toBeUndefined();
    const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: 'vpcflowlogs', MetricName: 'SSH Rejects', Statistic: 'Sum' }));
    expect(forMetric.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['a1', 'a2', 'b1']);
  });
});

describe('SetAlarmState, history and actions', () => {
  it('moves the lab alarm to ALARM, records history and publishes to the SNS topic', async () => {
    const cw = emu.clients.cloudwatch;
    const sns = emu.clients.sns;
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'Default_CloudWatch_Alarms_Topic' }));
    expect(TopicArn).toBe(TOPIC);
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'student@example.com' }));
    await fetch(`${emu.endpoint}/_emulator/sns/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topicArn: TOPIC }) });
    await cw.send(new PutMetricAlarmCommand(labAlarm()));
    await clock.advance(1000);
    const setAt = clock.now();
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'SSH rejects', StateValue: 'ALARM', StateReason: 'Testing the alarm', StateReasonData: '{"a":1}' }));

    const [a] = (await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
    expect(a).toMatchObject({ StateValue: 'ALARM', StateReason: 'Testing the alarm', StateReasonData: '{"a":1}', StateUpdatedTimestamp: new Date(setAt) });

    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'SSH rejects' }));
    expect(history.AlarmHistoryItems?.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      ['Action', `Successfully executed action ${TOPIC}`],
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
      ['ConfigurationUpdate', 'Alarm "SSH rejects" created'],
    ]);
    const update = history.AlarmHistoryItems?.[1];
    expect(update).toMatchObject({ AlarmName: 'SSH rejects', AlarmType: 'MetricAlarm', Timestamp: new Date(setAt) });
    expect(JSON.parse(update?.HistoryData ?? '')).toEqual({
      version: '1.0',
      oldState: { stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' },
      newState: { stateValue: 'ALARM', stateReason: 'Testing the alarm', stateReasonData: { a: 1 } },
    });
    const asc = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'SSH rejects', ScanBy: 'TimestampAscending', HistoryItemType: 'StateUpdate' }));
    expect(asc.AlarmHistoryItems).toHaveLength(1);

    const res = await fetch(`${emu.endpoint}/_emulator/sns/messages?topicArn=${encodeURIComponent(TOPIC)}`);
    const { messages } = (await res.json()) as { messages: Array<{ subject?: string; message: string }> };
    const alarmMail = messages.find((m) => m.subject?.startsWith('ALARM'));
    expect(alarmMail?.subject).toBe('ALARM: "SSH rejects" in US East (N. Virginia)');
    expect(JSON.parse(alarmMail?.message ?? '{}')).toMatchObject({ AlarmName: 'SSH rejects', NewStateValue: 'ALARM', OldStateValue: 'INSUFFICIENT_DATA', Trigger: { Statistic: 'SUM', Period: 60 } });
  });

  it('fires no action when the state does not change or actions are disabled', async () => {
    const cw = emu.clients.cloudwatch;
    await cw.send(new PutMetricAlarmCommand(labAlarm()));
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ['SSH rejects'] }));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'SSH rejects', StateValue: 'ALARM', StateReason: 'one' }));
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: ['SSH rejects'] }));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'SSH rejects', StateValue: 'ALARM', StateReason: 'two' }));
    const items = (await cw.send(new DescribeAlarmHistoryCommand({}))).AlarmHistoryItems ?? [];
    expect(items.filter((h) => h.HistoryItemType === 'Action')).toEqual([]);
    expect(items.filter((h) => h.HistoryItemType === 'StateUpdate')).toHaveLength(1);
  });

  it('answers ResourceNotFound and InvalidFormat', async () => {
    const cw = emu.clients.cloudwatch;
    const missing = await failure(cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })));
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual(['ResourceNotFound', 'Alarm nope not found', 404]);
    await cw.send(new PutMetricAlarmCommand(labAlarm()));
    const badJson = await failure(cw.send(new SetAlarmStateCommand({ AlarmName: 'SSH rejects', StateValue: 'OK', StateReason: 'x', StateReasonData: '{not json' })));
    expect([badJson.name, badJson.$metadata.httpStatusCode]).toEqual(['InvalidFormatFault', 400]);
  });
});

describe('DeleteAlarms and tags', () => {
  it('tags an alarm by ARN and deletes it', async () => {
    const cw = emu.clients.cloudwatch;
    await cw.send(new PutMetricAlarmCommand(labAlarm({ Tags: [{ Key: 'lab', Value: 'flow' }] })));
    const arn = 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:SSH rejects';
    await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'owner', Value: 'me' }] }));
    await cw.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['lab'] }));
    expect((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: 'owner', Value: 'me' }]);
    const wrong = await failure(cw.send(new DeleteAlarmsCommand({ AlarmNames: ['SSH rejects', 'nope'] })));
    expect(wrong.name).toBe('ResourceNotFound');
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms).toHaveLength(1);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['SSH rejects'] }));
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
    const gone = await failure(cw.send(new ListTagsForResourceCommand({ ResourceARN: arn })));
    expect(gone.name).toBe('ResourceNotFoundException');
  });
});
