import { randomBytes, randomUUID } from 'node:crypto';
import type { SnsDelivery, SnsSubscription, SnsTopic } from './types';

// What each kind of endpoint receives, modelled on captured SNS messages. Signatures cannot be real
// (no AWS signing key), so they are random base64 of the right length and clearly not verifiable.

const CONFIRMATION_SUBJECT = 'AWS Notification - Subscription Confirmation';
/** SNS's default email subject when Publish has none. */
const DEFAULT_EMAIL_SUBJECT = 'AWS Notification Message';

function regionOf(topicArn: string): string {
  return topicArn.split(':')[3] ?? 'us-east-1';
}

function snsHost(topicArn: string): string {
  return `https://sns.${regionOf(topicArn)}.amazonaws.com`;
}

function signature(): { SignatureVersion: string; Signature: string; SigningCertURL: string } {
  return { SignatureVersion: '1', Signature: randomBytes(256).toString('base64'), SigningCertURL: 'https://sns.amazonaws.com/SimpleNotificationService-labwright.pem' };
}

/** The link in a confirmation email; its Token parameter is what ConfirmSubscription takes. */
export function confirmationLink(sub: SnsSubscription): string {
  const q = new URLSearchParams({ TopicArn: sub.topicArn, Token: sub.token, Endpoint: sub.endpoint });
  return `${snsHost(sub.topicArn)}/confirmation.html?${q.toString()}`;
}

function unsubscribeUrl(sub: SnsSubscription): string {
  return `${snsHost(sub.topicArn)}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(sub.arn)}`;
}

/** The confirmation message SNS sends when a subscription needs one: a plain email, or JSON for the others. */
export function confirmationFor(sub: SnsSubscription, topic: SnsTopic, nowMs: number): SnsDelivery {
  const timestamp = new Date(nowMs).toISOString();
  const base = { topicArn: topic.arn, protocol: sub.protocol, endpoint: sub.endpoint, timestamp };
  if (sub.protocol === 'email') {
    const message = [
      'You have chosen to subscribe to the topic: ',
      topic.arn,
      '',
      'To confirm this subscription, click or visit the link below (If this was in error no action is necessary): ',
      confirmationLink(sub),
      '',
      'Please do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out',
    ].join('\n');
    return { ...base, subject: CONFIRMATION_SUBJECT, message };
  }
  const subscribeUrl = `${snsHost(topic.arn)}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topic.arn)}&Token=${sub.token}`;
  const json = {
    Type: 'SubscriptionConfirmation',
    MessageId: randomUUID(),
    Token: sub.token,
    TopicArn: topic.arn,
    Message: `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: subscribeUrl,
    Timestamp: timestamp,
    ...signature(),
  };
  return { ...base, subject: sub.protocol === 'email-json' ? CONFIRMATION_SUBJECT : null, message: JSON.stringify(json) };
}

/**
 * A notification as the endpoint gets it: email gets the bare message (the unsubscribe footer is left
 * out so the outbox stays machine-readable); raw delivery gets the bare message; every other
 * protocol gets SNS's JSON envelope.
 */
export function notificationFor(
  sub: SnsSubscription,
  topic: SnsTopic,
  messageId: string,
  subject: string | undefined,
  body: string,
  nowMs: number,
): SnsDelivery {
  const timestamp = new Date(nowMs).toISOString();
  const base = { topicArn: topic.arn, protocol: sub.protocol, endpoint: sub.endpoint, timestamp };
  if (sub.protocol === 'email') return { ...base, subject: subject ?? DEFAULT_EMAIL_SUBJECT, message: body };
  if (sub.attributes.RawMessageDelivery === 'true') return { ...base, subject: subject ?? null, message: body };
  const envelope = {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topic.arn,
    ...(subject !== undefined ? { Subject: subject } : {}),
    Message: body,
    Timestamp: timestamp,
    ...signature(),
    UnsubscribeURL: unsubscribeUrl(sub),
  };
  const emailSubject = sub.protocol === 'email-json' ? (subject ?? DEFAULT_EMAIL_SUBJECT) : (subject ?? null);
  return { ...base, subject: emailSubject, message: JSON.stringify(envelope) };
}
