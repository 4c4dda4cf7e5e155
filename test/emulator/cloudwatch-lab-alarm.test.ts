import { PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { FakeClock } from '../../core/clock';
import { FILTER_PATTERN as PATTERN, TEST_LINES } from '../../fixtures/vpc-flow-logs/lab';
import { LAB_ALARM_SETTINGS } from '../fixtures/lab-alarm';
import { createLabLogStream, putLabLogEvents } from './cloudwatch-fixture';
import { useTestEmulator } from './helpers';

// The whole lab path: a rejected SSH flow record → metric filter → SSH Rejects → alarm → SNS email.
const T0 = Date.UTC(2026, 10, 28, 21, 54, 10);
const REJECT = TEST_LINES[0];
const clock = new FakeClock(T0);
// One lab path through the whole file: nothing to reset between its steps.
const emu = useTestEmulator({ clock }, { resetEachTest: false });

it('moves the lab alarm to ALARM after a rejected SSH record and emails the confirmed subscriber', async () => {
  const { logs, cloudwatch, sns } = emu.clients;
  await createLabLogStream(logs);
  await logs.send(new PutMetricFilterCommand({
    logGroupName: 'VPCFlowLogs',
    filterName: 'dest-port-22-rejects',
    filterPattern: PATTERN,
    metricTransformations: [{ metricNamespace: 'vpcflowlogs', metricName: 'SSH Rejects', metricValue: '1' }],
  }));
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'Default_CloudWatch_Alarms_Topic' }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'student@example.com' }));
  await fetch(`${emu.endpoint}/_emulator/sns/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topicArn: TopicArn }) });
  await cloudwatch.send(new PutMetricAlarmCommand({ ...LAB_ALARM_SETTINGS, AlarmActions: [TopicArn!] }));
  expect((await cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms?.[0].StateValue).toBe('INSUFFICIENT_DATA');

  await putLabLogEvents(logs, [[clock.now(), REJECT]]);
  await clock.advance(1000); // one engine tick of the fast profile

  const [alarm] = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['SSH rejects'] }))).MetricAlarms ?? [];
  expect(alarm.StateValue).toBe('ALARM');
  expect(alarm.StateReason).toBe(
    'Threshold Crossed: 1 out of the last 1 datapoints [1.0 (28/11/26 21:54:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).',
  );
  expect(JSON.parse(alarm.StateReasonData ?? '{}')).toMatchObject({ version: '1.0', statistic: 'Sum', period: 60, recentDatapoints: [1], threshold: 1 });
  const history = (await cloudwatch.send(new DescribeAlarmHistoryCommand({ AlarmName: 'SSH rejects' }))).AlarmHistoryItems ?? [];
  expect(history.map((h) => h.HistorySummary)).toEqual([`Successfully executed action ${TopicArn}`, 'Alarm updated from INSUFFICIENT_DATA to ALARM', 'Alarm "SSH rejects" created']);

  const res = await fetch(`${emu.endpoint}/_emulator/sns/messages?topicArn=${encodeURIComponent(TopicArn!)}`);
  const { messages } = (await res.json()) as { messages: Array<{ subject?: string; endpoint: string; message: string }> };
  const mail = messages.find((m) => m.subject === 'ALARM: "SSH rejects" in US East (N. Virginia)');
  expect(mail?.endpoint).toBe('student@example.com');
  expect(JSON.parse(mail!.message)).toMatchObject({ AlarmName: 'SSH rejects', NewStateValue: 'ALARM', Region: 'US East (N. Virginia)', Trigger: { MetricName: 'SSH Rejects', Statistic: 'SUM', Threshold: 1 } });
});
