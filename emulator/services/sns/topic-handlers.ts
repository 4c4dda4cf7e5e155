import type { Handler, RequestContext } from '../../framework/types';
import { snsErrors } from './errors';
import { getTopic, subscriptionsOf, type SnsState, type SnsTopic } from './store';
import { pageOf, requireTopic } from './topic-arns';

const SETTABLE = new Set([
  'DeliveryPolicy', 'DisplayName', 'Policy', 'TracingConfig', 'KmsMasterKeyId', 'SignatureVersion', 'ContentBasedDeduplication',
  'ArchivePolicy', 'DataProtectionPolicy', 'FifoThroughputScope',
]);
const CREATE_ONLY = new Set(['FifoTopic']);

const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/** The access policy AWS gives every new topic: the owner account may do everything. */
export function defaultTopicPolicy(topicArn: string, owner: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': owner } },
      },
    ],
  });
}

function checkAttribute(name: string, value: string, creating: boolean): void {
  if (!SETTABLE.has(name) && !(creating && CREATE_ONLY.has(name))) throw snsErrors.invalidParameter(`AttributeName`);
  if (name === 'Policy' || name === 'DeliveryPolicy') {
    try {
      JSON.parse(value);
    } catch {
      throw snsErrors.invalidParameter(`${name}: failed to parse JSON.`);
    }
  }
}

function createTopic(input: any, ctx: RequestContext) {
  const name: string = input.Name ?? '';
  const attributes: Record<string, string> = { ...(input.Attributes ?? {}) };
  const fifo = attributes.FifoTopic === 'true';
  const base = fifo ? name.replace(/\.fifo$/, '') : name;
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(base) || (fifo !== name.endsWith('.fifo'))) throw snsErrors.invalidParameter('Topic Name');
  for (const [k, v] of Object.entries(attributes)) checkAttribute(k, v, true);
  const state = ctx.state<SnsState>();
  const arn = `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`;
  const tags: Array<{ Key: string; Value: string }> = (input.Tags ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value ?? '' }));
  const existing = getTopic(state, arn);
  if (existing) {
    // CreateTopic is idempotent by name, but not when it would silently change the topic.
    if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v)) {
      throw snsErrors.invalidParameter('Attributes Reason: Topic already exists with different attributes');
    }
    if (tags.some((t) => !existing.tags.some((e) => e.Key === t.Key && e.Value === t.Value))) {
      throw snsErrors.invalidParameter('Tags Reason: Topic already exists with different tags');
    }
    return { TopicArn: arn };
  }
  state.topics[arn] = { arn, name, owner: ctx.accountId, createdAt: ctx.clock.now(), attributes, tags, deletedCount: 0 };
  ctx.runtime.markDirty();
  return { TopicArn: arn };
}

function deleteTopic(input: any, ctx: RequestContext) {
  const state = ctx.state<SnsState>();
  // Deleting a topic that does not exist is not an error on AWS.
  if (!getTopic(state, input.TopicArn)) return {};
  for (const sub of subscriptionsOf(state, input.TopicArn)) delete state.subscriptions[sub.arn];
  delete state.topics[input.TopicArn];
  ctx.runtime.markDirty();
  return {};
}

function listTopics(input: any, ctx: RequestContext) {
  const topics = Object.values(ctx.state<SnsState>().topics).sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const { page, NextToken } = pageOf(topics, (t) => t.arn, input.NextToken);
  return { Topics: page.map((t) => ({ TopicArn: t.arn })), NextToken };
}

/** Every attribute GetTopicAttributes shows: computed counters plus what was set. */
export function topicAttributes(state: SnsState, topic: SnsTopic): Record<string, string> {
  const subs = subscriptionsOf(state, topic.arn);
  return {
    Policy: defaultTopicPolicy(topic.arn, topic.owner),
    Owner: topic.owner,
    SubscriptionsPending: String(subs.filter((s) => s.status === 'pending').length),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
    SubscriptionsConfirmed: String(subs.filter((s) => s.status === 'confirmed').length),
    DisplayName: '',
    SubscriptionsDeleted: String(topic.deletedCount),
    ...(topic.attributes.FifoTopic === 'true' ? { FifoTopic: 'true', ContentBasedDeduplication: 'false' } : {}),
    ...topic.attributes,
  };
}

function getTopicAttributes(input: any, ctx: RequestContext) {
  return { Attributes: topicAttributes(ctx.state<SnsState>(), requireTopic(ctx, input.TopicArn)) };
}

function setTopicAttributes(input: any, ctx: RequestContext) {
  const topic = requireTopic(ctx, input.TopicArn);
  checkAttribute(input.AttributeName, input.AttributeValue ?? '', false);
  topic.attributes[input.AttributeName] = input.AttributeValue ?? '';
  ctx.runtime.markDirty();
  return {};
}

function tagResource(input: any, ctx: RequestContext) {
  const topic = requireTopic(ctx, input.ResourceArn, 'ResourceArn');
  for (const t of input.Tags ?? []) {
    topic.tags = topic.tags.filter((e) => e.Key !== t.Key).concat({ Key: t.Key, Value: t.Value ?? '' });
  }
  if (topic.tags.length > 50) throw snsErrors.invalidParameter('Tags Reason: Could not complete request: tag quota of 50 exceeded');
  ctx.runtime.markDirty();
  return {};
}

function untagResource(input: any, ctx: RequestContext) {
  const topic = requireTopic(ctx, input.ResourceArn, 'ResourceArn');
  const drop = new Set<string>(input.TagKeys ?? []);
  topic.tags = topic.tags.filter((t) => !drop.has(t.Key));
  ctx.runtime.markDirty();
  return {};
}

function listTagsForResource(input: any, ctx: RequestContext) {
  return { Tags: requireTopic(ctx, input.ResourceArn, 'ResourceArn').tags };
}

/** The topic operations (Publish lives in publish-handler.ts). */
export const topicHandlers: Record<string, Handler> = {
  CreateTopic: createTopic,
  DeleteTopic: deleteTopic,
  ListTopics: listTopics,
  GetTopicAttributes: getTopicAttributes,
  SetTopicAttributes: setTopicAttributes,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
