import { randomUUID } from 'node:crypto';
import { notificationFor } from './messages';

export type { SnsDelivery, SnsSubscription, SnsTopic } from './types';
import type { SnsDelivery, SnsSubscription, SnsTopic } from './types';

/** SNS state for one account and region. */
export interface SnsState {
  topics: Record<string, SnsTopic>;
  subscriptions: Record<string, SnsSubscription>;
  /** Every delivery made, oldest first: the emulator's stand-in for mailboxes and queues. */
  outbox: SnsDelivery[];
  /** When true, subscriptions that need confirmation are confirmed at once (no confirmation message). */
  autoConfirm: boolean;
}

/** Key in `runtime.engines` of the emulator-wide auto-confirm switch (set by the control API), which Subscribe reads. */
export const AUTO_CONFIRM_ENGINE = 'sns.autoConfirm';

/** An empty SNS state. */
export function createSnsState(): SnsState {
  return { topics: {}, subscriptions: {}, outbox: [], autoConfirm: false };
}

/** The topic with that ARN, or undefined. */
export function getTopic(state: SnsState, topicArn: string): SnsTopic | undefined {
  return Object.prototype.hasOwnProperty.call(state.topics, topicArn) ? state.topics[topicArn] : undefined;
}

/** The subscriptions of a topic, in the order they were made. */
export function subscriptionsOf(state: SnsState, topicArn: string): SnsSubscription[] {
  return Object.values(state.subscriptions).filter((s) => s.topicArn === topicArn);
}

/** Marks a subscription confirmed. */
export function confirm(sub: SnsSubscription): void {
  sub.status = 'confirmed';
}

/**
 * Publishes a message to a topic on AWS's side (CloudWatch alarm actions) and returns its MessageId,
 * or undefined when the topic does not exist (AWS then records a failed action; it does not throw).
 * Only confirmed subscriptions receive it.
 */
export function publishInternal(state: SnsState, topicArn: string, subject: string | undefined, message: string | Record<string, string>, nowMs: number): string | undefined {
  const topic = getTopic(state, topicArn);
  if (!topic) return undefined;
  const messageId = randomUUID();
  for (const sub of subscriptionsOf(state, topicArn)) {
    if (sub.status !== 'confirmed') continue;
    const body = typeof message === 'string' ? message : (message[sub.protocol] ?? message.default);
    state.outbox.push(notificationFor(sub, topic, messageId, subject, body, nowMs));
  }
  return messageId;
}

/** The deliveries made so far, for one topic or all of them, oldest first. */
export function listMessages(state: SnsState, topicArn?: string): SnsDelivery[] {
  return topicArn ? state.outbox.filter((m) => m.topicArn === topicArn) : [...state.outbox];
}

/** Confirms every pending subscription of a topic, as a student clicking each link would; returns their ARNs. */
export function confirmPendingSubscriptions(state: SnsState, topicArn: string): string[] {
  const confirmed: string[] = [];
  for (const sub of subscriptionsOf(state, topicArn)) {
    if (sub.status === 'pending') {
      confirm(sub);
      confirmed.push(sub.arn);
    }
  }
  return confirmed;
}
