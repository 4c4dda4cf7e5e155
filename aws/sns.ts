// SNS helpers for the alarm's notification topic: create, subscribe an email, read, list, delete.
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  SubscribeCommand,
  type SNSClient,
  type Subscription,
} from '@aws-sdk/client-sns';

/** The only SNS client method the helpers use. */
export type Sns = Pick<SNSClient, 'send'>;
/** One console line per mutating call. */
export type Log = (line: string) => void;

/** AWS lists a subscription that waits for its email link to be clicked with this in place of an ARN. */
export const PENDING_CONFIRMATION = 'PendingConfirmation';

/** Creates a topic (idempotent on AWS for the same name and attributes) and returns its ARN. */
export async function createTopic(sns: Sns, name: string, tags: Record<string, string>, log: Log): Promise<string> {
  log(`Creating SNS topic ${name}`);
  const out = await sns.send(new CreateTopicCommand({ Name: name, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  return out.TopicArn!;
}

/**
 * Subscribes an email address and returns the subscription ARN. AWS returns the ARN even while the
 * subscription waits for confirmation when asked to, so teardown can unsubscribe it.
 */
export async function subscribeEmail(sns: Sns, topicArn: string, email: string, log: Log): Promise<string> {
  log(`Subscribing ${email} to ${topicArn}`);
  const out = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: email, ReturnSubscriptionArn: true }));
  return out.SubscriptionArn!;
}

/** A topic's attributes, or undefined when it does not exist. */
export async function getTopicAttributes(sns: Sns, topicArn: string): Promise<Record<string, string> | undefined> {
  try {
    const out = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    return out.Attributes ?? {};
  } catch (err) {
    if (/NotFound/.test((err as Error).name)) return undefined;
    throw err;
  }
}

/** Every subscription of a topic (pending ones carry `PendingConfirmation` as their ARN). */
export async function listSubscriptions(sns: Sns, topicArn: string): Promise<Subscription[]> {
  const out: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
    out.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken && out.length < 1000);
  return out;
}

/** Deletes a topic and its subscriptions. */
export async function deleteTopic(sns: Sns, topicArn: string, log: Log): Promise<void> {
  log(`Deleting SNS topic ${topicArn}`);
  await sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
}

/** A topic's tags (how a run proves a topic is its own before it uses or deletes it). */
export async function topicTags(sns: Sns, topicArn: string): Promise<Record<string, string>> {
  const out = await sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn }));
  return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
}
