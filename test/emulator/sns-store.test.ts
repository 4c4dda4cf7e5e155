import { confirmPendingSubscriptions, createSnsState, listMessages, publishInternal, type SnsState } from '../../emulator/services/sns/store';

// The accessors CloudWatch alarm actions and the control API use, without a request in between.
function stateWithTopic(): { state: SnsState; arn: string } {
  const state = createSnsState();
  const arn = 'arn:aws:sns:us-east-1:000000000000:alarms';
  state.topics[arn] = { arn, name: 'alarms', owner: '000000000000', createdAt: 0, attributes: {}, tags: [], deletedCount: 0 };
  const sub = (id: string, endpoint: string, status: 'pending' | 'confirmed') =>
    (state.subscriptions[`${arn}:${id}`] = { arn: `${arn}:${id}`, topicArn: arn, protocol: 'email', endpoint, owner: '000000000000', status, token: id, createdAt: 0, attributes: {} });
  sub('1', 'confirmed@example.com', 'confirmed');
  sub('2', 'pending@example.com', 'pending');
  return { state, arn };
}

describe('SNS store accessors', () => {
  it('publishes only to confirmed subscriptions and returns a MessageId', () => {
    const { state, arn } = stateWithTopic();
    const id = publishInternal(state, arn, 'ALARM: "x" in US East (N. Virginia)', '{"AlarmName":"x"}', Date.UTC(2026, 0, 1, 12));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(listMessages(state)).toEqual([
      { topicArn: arn, protocol: 'email', endpoint: 'confirmed@example.com', subject: 'ALARM: "x" in US East (N. Virginia)', message: '{"AlarmName":"x"}', timestamp: '2026-01-01T12:00:00.000Z' },
    ]);
  });

  it('returns undefined for a missing topic instead of throwing, so an alarm can record a failed action', () => {
    const { state } = stateWithTopic();
    expect(publishInternal(state, 'arn:aws:sns:us-east-1:000000000000:gone', undefined, 'm', 0)).toBeUndefined();
    expect(listMessages(state)).toEqual([]);
  });

  it('confirms pending subscriptions of one topic, after which they receive messages', () => {
    const { state, arn } = stateWithTopic();
    expect(confirmPendingSubscriptions(state, arn)).toEqual([`${arn}:2`]);
    expect(confirmPendingSubscriptions(state, arn)).toEqual([]);
    publishInternal(state, arn, undefined, 'both', 0);
    expect(listMessages(state, arn).map((m) => m.endpoint)).toEqual(['confirmed@example.com', 'pending@example.com']);
    expect(listMessages(state, 'arn:aws:sns:us-east-1:000000000000:other')).toEqual([]);
  });
});
