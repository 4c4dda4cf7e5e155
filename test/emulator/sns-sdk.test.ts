import {
  ConfirmSubscriptionCommand, CreateTopicCommand, DeleteTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand, ListSubscriptionsCommand, ListTopicsCommand, PublishCommand, SetTopicAttributesCommand, SNSClient,
  SubscribeCommand, UnsubscribeCommand, TagResourceCommand, UntagResourceCommand, ListTagsForResourceCommand,
} from '@aws-sdk/client-sns';
import { failure, startTestEmulator, type TestEmulator } from './helpers';

interface Delivery { topicArn: string; protocol: string; endpoint: string; subject: string | null; message: string; timestamp: string }

describe('SNS through the real SDK', () => {
  let emu: TestEmulator;
  let sns: SNSClient;
  const outbox = async (topicArn?: string): Promise<Delivery[]> => {
    const res = await fetch(`${emu.endpoint}/_emulator/sns/messages${topicArn ? `?topicArn=${encodeURIComponent(topicArn)}` : ''}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: Delivery[] }).messages;
  };
  beforeAll(async () => {
    emu = await startTestEmulator();
    sns = emu.clients.sns;
  });
  afterAll(() => emu.stop());

  describe('topics', () => {
    it('creates a topic idempotently by name and lists it', async () => {
      const a = await sns.send(new CreateTopicCommand({ Name: 'lab-alarms', Attributes: { DisplayName: 'Lab alarms' }, Tags: [{ Key: 'lab', Value: 'flow' }] }));
      expect(a.TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:lab-alarms');
      const b = await sns.send(new CreateTopicCommand({ Name: 'lab-alarms' }));
      expect(b.TopicArn).toBe(a.TopicArn);
      const clash = await failure(sns.send(new CreateTopicCommand({ Name: 'lab-alarms', Attributes: { DisplayName: 'Other' } })));
      expect([clash.name, clash.message]).toEqual(['InvalidParameterException', 'Invalid parameter: Attributes Reason: Topic already exists with different attributes']);
      const topics = await sns.send(new ListTopicsCommand({}));
      expect(topics.Topics).toContainEqual({ TopicArn: a.TopicArn });
      expect(topics.NextToken).toBeUndefined();
    });

    it('answers every topic attribute, including the default access policy', async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'attrs' }));
      const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
      expect(Attributes).toMatchObject({
        TopicArn, Owner: '000000000000', DisplayName: '', SubscriptionsPending: '0', SubscriptionsConfirmed: '0', SubscriptionsDeleted: '0',
      });
      const policy = JSON.parse(Attributes!.Policy);
      expect(policy).toMatchObject({ Version: '2008-10-17', Id: '__default_policy_ID' });
      expect(policy.Statement[0]).toMatchObject({
        Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Resource: TopicArn, Condition: { StringEquals: { 'AWS:SourceOwner': '000000000000' } },
      });
      expect(policy.Statement[0].Action).toContain('SNS:Publish');
      expect(JSON.parse(Attributes!.EffectiveDeliveryPolicy).http.defaultHealthyRetryPolicy.numRetries).toBe(3);
      await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Shown as sender' }));
      expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.DisplayName).toBe('Shown as sender');
    });

    it('tags and untags a topic', async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'tags', Tags: [{ Key: 'a', Value: '1' }] }));
      await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: 'x' }] }));
      const tags = (await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags;
      expect(tags).toHaveLength(2);
      expect(tags).toEqual(expect.arrayContaining([{ Key: 'a', Value: 'x' }, { Key: 'b', Value: '2' }]));
      await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['a'] }));
      expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    });

    it('pages ListTopics a hundred at a time', async () => {
      const other = emu.clientsFor('test', 'eu-central-1').sns;
      for (let i = 0; i < 105; i++) await other.send(new CreateTopicCommand({ Name: `t-${String(i).padStart(3, '0')}` }));
      const first = await other.send(new ListTopicsCommand({}));
      expect(first.Topics).toHaveLength(100);
      const second = await other.send(new ListTopicsCommand({ NextToken: first.NextToken }));
      expect(second.Topics).toHaveLength(5);
      expect(second.NextToken).toBeUndefined();
      expect(new Set([...first.Topics!, ...second.Topics!].map((t) => t.TopicArn)).size).toBe(105);
    });

    it('answers NotFound for a topic that does not exist and deletes topics idempotently', async () => {
      const ghost = 'arn:aws:sns:us-east-1:000000000000:ghost';
      const err = await failure(sns.send(new PublishCommand({ TopicArn: ghost, Message: 'hello' })));
      expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['NotFoundException', 'Topic does not exist', 404]);
      expect((await failure(sns.send(new GetTopicAttributesCommand({ TopicArn: ghost })))).name).toBe('NotFoundException');
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'short-lived' }));
      await sns.send(new DeleteTopicCommand({ TopicArn }));
      await sns.send(new DeleteTopicCommand({ TopicArn }));
      expect((await failure(sns.send(new GetTopicAttributesCommand({ TopicArn })))).name).toBe('NotFoundException');
    });
  });

  describe('the email subscription flow', () => {
    let topicArn: string;
    beforeAll(async () => {
      topicArn = (await sns.send(new CreateTopicCommand({ Name: 'flow-alarm' }))).TopicArn!;
    });

    it('keeps an email subscription pending, mails a confirmation, delivers nothing until confirmed, then delivers', async () => {
      const sub = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'student@example.com' }));
      expect(sub.SubscriptionArn).toBe('pending confirmation');
      const byTopic = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
      expect(byTopic.Subscriptions).toEqual([{ SubscriptionArn: 'PendingConfirmation', Owner: '000000000000', Protocol: 'email', Endpoint: 'student@example.com', TopicArn: topicArn }]);
      expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes?.SubscriptionsPending).toBe('1');

      const mails = await outbox(topicArn);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ topicArn, protocol: 'email', endpoint: 'student@example.com', subject: 'AWS Notification - Subscription Confirmation' });
      expect(new Date(mails[0].timestamp).toISOString()).toBe(mails[0].timestamp);
      expect(mails[0].message).toContain(`You have chosen to subscribe to the topic: \n${topicArn}`);
      const link = /https:\/\/sns\.us-east-1\.amazonaws\.com\/confirmation\.html\?\S+/.exec(mails[0].message)?.[0];
      expect(link).toBeDefined();
      const token = new URL(link!).searchParams.get('Token')!;
      expect(token).toMatch(/^[0-9a-f]{64,}$/);

      const whilePending = await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'ALARM: "x" in US East (N. Virginia)', Message: 'not yet' }));
      expect(whilePending.MessageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await outbox(topicArn)).toHaveLength(1);

      const bad = await failure(sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: 'not-the-token' })));
      expect([bad.name, bad.message, bad.$metadata.httpStatusCode]).toEqual(['InvalidParameterException', 'Invalid parameter: Token', 400]);

      const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: token }));
      expect(confirmed.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
      const listed = await sns.send(new ListSubscriptionsCommand({}));
      expect(listed.Subscriptions?.find((s) => s.TopicArn === topicArn)?.SubscriptionArn).toBe(confirmed.SubscriptionArn);
      const attrs = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: confirmed.SubscriptionArn }))).Attributes;
      expect(attrs).toMatchObject({ PendingConfirmation: 'false', Protocol: 'email', Endpoint: 'student@example.com', TopicArn: topicArn });

      const published = await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'ALARM: "flow" in US East (N. Virginia)', Message: '{"NewStateValue":"ALARM"}' }));
      const after = await outbox(topicArn);
      expect(after).toHaveLength(2);
      expect(after[1]).toMatchObject({ protocol: 'email', endpoint: 'student@example.com', subject: 'ALARM: "flow" in US East (N. Virginia)', message: '{"NewStateValue":"ALARM"}' });
      expect(published.MessageId).not.toBe(whilePending.MessageId);
    });

    it('confirms pending subscriptions through the control API, as a click on the link would', async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clicked' }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'a@example.com' }));
      const res = await fetch(`${emu.endpoint}/_emulator/sns/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topicArn: TopicArn }) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { confirmed: string[] };
      expect(body.confirmed).toHaveLength(1);
      expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes).toMatchObject({ SubscriptionsPending: '0', SubscriptionsConfirmed: '1' });
      await sns.send(new PublishCommand({ TopicArn, Message: 'plain' }));
      const last = (await outbox(TopicArn)).pop();
      expect(last).toMatchObject({ endpoint: 'a@example.com', subject: 'AWS Notification Message', message: 'plain' });
      const missing = await fetch(`${emu.endpoint}/_emulator/sns/confirm`, { method: 'POST', body: JSON.stringify({ topicArn: 'arn:aws:sns:us-east-1:000000000000:nope' }) });
      expect(missing.status).toBe(404);
    });

    it('returns the real ARN of a pending subscription when asked, and counts unsubscribes as deleted', async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'unsub' }));
      const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'b@example.com', ReturnSubscriptionArn: true }));
      expect(sub.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: sub.SubscriptionArn }));
      expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes).toMatchObject({ SubscriptionsPending: '0', SubscriptionsDeleted: '1' });
      expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([]);
    });

    it('confirms same-account queues at once and wraps their messages in the SNS envelope', async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'to-queue' }));
      const queue = 'arn:aws:sqs:us-east-1:000000000000:alarm-queue';
      const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue }));
      expect(sub.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Subject: 'Hi', Message: 'payload' }));
      const [delivery] = await outbox(TopicArn);
      expect(delivery).toMatchObject({ protocol: 'sqs', endpoint: queue });
      expect(JSON.parse(delivery.message)).toMatchObject({ Type: 'Notification', MessageId, TopicArn, Subject: 'Hi', Message: 'payload' });
    });
  });

  describe('auto-confirm', () => {
    it('confirms email subscriptions at once while switched on, without a confirmation mail', async () => {
      const on = await fetch(`${emu.endpoint}/_emulator/sns/auto-confirm`, { method: 'POST', body: JSON.stringify({ enabled: true }) });
      expect(on.status).toBe(200);
      try {
        const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'auto' }));
        const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'auto@example.com' }));
        expect(sub.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
        expect(await outbox(TopicArn)).toEqual([]);
        await sns.send(new PublishCommand({ TopicArn, Message: 'straight through' }));
        expect((await outbox(TopicArn)).map((m) => m.message)).toEqual(['straight through']);
      } finally {
        await fetch(`${emu.endpoint}/_emulator/sns/auto-confirm`, { method: 'POST', body: JSON.stringify({ enabled: false }) });
      }
    });
  });

  describe('validation', () => {
    let topicArn: string;
    beforeAll(async () => {
      topicArn = (await sns.send(new CreateTopicCommand({ Name: 'validation' }))).TopicArn!;
    });

    it('rejects subjects over 100 characters, empty messages, bad endpoints and bad topic names', async () => {
      expect((await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'x'.repeat(100), Message: 'ok' }))).MessageId).toBeTruthy();
      const long = await failure(sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'x'.repeat(101), Message: 'ok' })));
      expect([long.name, long.message]).toEqual(['InvalidParameterException', 'Invalid parameter: Subject']);
      const empty = await failure(sns.send(new PublishCommand({ TopicArn: topicArn, Message: '' })));
      expect(empty.message).toBe('Invalid parameter: Empty message');
      const email = await failure(sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'not-an-address' })));
      expect(email.message).toBe('Invalid parameter: Email address');
      const name = await failure(sns.send(new CreateTopicCommand({ Name: 'has space' })));
      expect([name.name, name.message, name.$metadata.httpStatusCode]).toEqual(['InvalidParameterException', 'Invalid parameter: Topic Name', 400]);
    });
  });
});
