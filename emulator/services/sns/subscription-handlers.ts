import { randomUUID } from 'node:crypto';
import { randomHex } from '../../../core/ids';
import { profileOf } from '../../framework/time-profile';
import type { Handler, RequestContext } from '../../framework/types';
import { snsErrors } from './errors';
import { confirmationFor } from './messages';
import { AUTO_CONFIRM_ENGINE, confirm, subscriptionsOf, type SnsState, type SnsSubscription } from './store';
import { pageOf, requireTopic } from './topic-arns';

/** What each protocol's endpoint must look like, and whether the owner must confirm it. */
const PROTOCOLS: Record<string, { valid: (e: string) => boolean; what: string; needsConfirmation: boolean }> = {
  email: { valid: (e) => /^[^@\s]+@[^@\s]+$/.test(e), what: 'Email address', needsConfirmation: true },
  'email-json': { valid: (e) => /^[^@\s]+@[^@\s]+$/.test(e), what: 'Email address', needsConfirmation: true },
  http: { valid: (e) => /^http:\/\/\S+$/.test(e), what: 'Endpoint must match the specified protocol', needsConfirmation: true },
  https: { valid: (e) => /^https:\/\/\S+$/.test(e), what: 'Endpoint must match the specified protocol', needsConfirmation: true },
  // Same-account queues, functions and streams are confirmed at once.
  sqs: { valid: (e) => /^arn:aws[\w-]*:sqs:/.test(e), what: 'SQS endpoint ARN', needsConfirmation: false },
  lambda: { valid: (e) => /^arn:aws[\w-]*:lambda:/.test(e), what: 'Lambda endpoint ARN', needsConfirmation: false },
  firehose: { valid: (e) => /^arn:aws[\w-]*:firehose:/.test(e), what: 'Firehose endpoint ARN', needsConfirmation: false },
  application: { valid: (e) => /^arn:aws[\w-]*:sns:/.test(e), what: 'Application endpoint ARN', needsConfirmation: false },
  sms: { valid: (e) => /^\+?\d{7,15}$/.test(e), what: 'SMS endpoint', needsConfirmation: false },
};

/** Auto-confirm is on for this region's state, or emulator-wide through the control API. */
function autoConfirms(ctx: RequestContext, state: SnsState): boolean {
  // The aws profile keeps AWS's rule whatever was switched on: the owner of the endpoint confirms.
  if (profileOf(ctx.runtime).strict) return false;
  return state.autoConfirm || ctx.runtime.engines.get(AUTO_CONFIRM_ENGINE) === true;
}

/** AWS shows pending subscriptions this way in Subscribe's answer... */
const PENDING_ARN_ON_SUBSCRIBE = 'pending confirmation';
/** ...and this way in listings. */
const PENDING_ARN_IN_LISTS = 'PendingConfirmation';

function subscribe(input: any, ctx: RequestContext) {
  const topic = requireTopic(ctx, input.TopicArn);
  const protocol = String(input.Protocol ?? '').toLowerCase();
  const rule = PROTOCOLS[protocol];
  if (!rule) throw snsErrors.invalidParameter(`Invalid protocol type: ${input.Protocol}`);
  const endpoint = String(input.Endpoint ?? '');
  if (!rule.valid(endpoint)) throw snsErrors.invalidParameter(rule.what);
  const state = ctx.state<SnsState>();
  const now = ctx.clock.now();
  let sub = subscriptionsOf(state, topic.arn).find((s) => s.protocol === protocol && s.endpoint === endpoint);
  if (!sub) {
    sub = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      protocol,
      endpoint,
      owner: ctx.accountId,
      status: rule.needsConfirmation && !autoConfirms(ctx, state) ? 'pending' : 'confirmed',
      token: randomHex(256),
      createdAt: now,
      attributes: { ...(input.Attributes ?? {}) },
    };
    state.subscriptions[sub.arn] = sub;
  }
  // A repeated Subscribe of a pending endpoint sends the confirmation message again, as AWS does.
  if (sub.status === 'pending') state.outbox.push(confirmationFor(sub, topic, now));
  ctx.runtime.markDirty();
  const reveal = sub.status === 'confirmed' || input.ReturnSubscriptionArn === true;
  return { SubscriptionArn: reveal ? sub.arn : PENDING_ARN_ON_SUBSCRIBE };
}

function confirmSubscription(input: any, ctx: RequestContext) {
  const topic = requireTopic(ctx, input.TopicArn);
  const sub = subscriptionsOf(ctx.state<SnsState>(), topic.arn).find((s) => s.token === input.Token);
  if (!sub) throw snsErrors.invalidParameter('Token');
  if (input.AuthenticateOnUnsubscribe === 'true') sub.attributes.ConfirmationWasAuthenticated = 'true';
  confirm(sub);
  ctx.runtime.markDirty();
  return { SubscriptionArn: sub.arn };
}

function listed(sub: SnsSubscription) {
  return {
    SubscriptionArn: sub.status === 'confirmed' ? sub.arn : PENDING_ARN_IN_LISTS,
    Owner: sub.owner,
    Protocol: sub.protocol,
    Endpoint: sub.endpoint,
    TopicArn: sub.topicArn,
  };
}

function listSubscriptions(input: any, ctx: RequestContext) {
  const subs = Object.values(ctx.state<SnsState>().subscriptions).sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const { page, NextToken } = pageOf(subs, (s) => s.arn, input.NextToken);
  return { Subscriptions: page.map(listed), NextToken };
}

function listSubscriptionsByTopic(input: any, ctx: RequestContext) {
  const topic = requireTopic(ctx, input.TopicArn);
  const subs = subscriptionsOf(ctx.state<SnsState>(), topic.arn).sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const { page, NextToken } = pageOf(subs, (s) => s.arn, input.NextToken);
  return { Subscriptions: page.map(listed), NextToken };
}

function requireSubscription(ctx: RequestContext, arn: unknown): SnsSubscription {
  if (typeof arn !== 'string' || arn.split(':').length < 7) throw snsErrors.invalidParameter('SubscriptionArn');
  const state = ctx.state<SnsState>();
  const sub = Object.prototype.hasOwnProperty.call(state.subscriptions, arn) ? state.subscriptions[arn] : undefined;
  if (!sub) throw snsErrors.subscriptionNotFound();
  return sub;
}

function unsubscribe(input: any, ctx: RequestContext) {
  const sub = requireSubscription(ctx, input.SubscriptionArn);
  const state = ctx.state<SnsState>();
  delete state.subscriptions[sub.arn];
  const topic = state.topics[sub.topicArn];
  if (topic) topic.deletedCount++;
  ctx.runtime.markDirty();
  return {};
}

function getSubscriptionAttributes(input: any, ctx: RequestContext) {
  const sub = requireSubscription(ctx, input.SubscriptionArn);
  return {
    Attributes: {
      Owner: sub.owner,
      RawMessageDelivery: 'false',
      TopicArn: sub.topicArn,
      Endpoint: sub.endpoint,
      Protocol: sub.protocol,
      PendingConfirmation: String(sub.status === 'pending'),
      ConfirmationWasAuthenticated: 'false',
      SubscriptionArn: sub.arn,
      SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
      ...sub.attributes,
    },
  };
}

function setSubscriptionAttributes(input: any, ctx: RequestContext) {
  const sub = requireSubscription(ctx, input.SubscriptionArn);
  const allowed = ['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy'];
  if (!allowed.includes(input.AttributeName)) throw snsErrors.invalidParameter('AttributeName');
  sub.attributes[input.AttributeName] = input.AttributeValue ?? '';
  ctx.runtime.markDirty();
  return {};
}

/** The subscription operations. */
export const subscriptionHandlers: Record<string, Handler> = {
  Subscribe: subscribe,
  ConfirmSubscription: confirmSubscription,
  ListSubscriptions: listSubscriptions,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  Unsubscribe: unsubscribe,
  GetSubscriptionAttributes: getSubscriptionAttributes,
  SetSubscriptionAttributes: setSubscriptionAttributes,
};
