import { randomUUID } from 'node:crypto';
import type { Handler, RequestContext } from '../../framework/types';
import { snsErrors } from './errors';
import { publishInternal, type SnsState } from './store';
import { requireTopic } from './topic-arns';

const MAX_MESSAGE_BYTES = 256 * 1024;

/** Subjects are at most 100 characters of text, with no line breaks or control characters. */
function checkSubject(subject: unknown): void {
  if (subject === undefined) return;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 100 || /[\u0000-\u001f\u007f]/.test(subject)) {
    throw snsErrors.invalidParameter('Subject');
  }
}

/** With MessageStructure=json the message is a JSON object of per-protocol bodies that must have a default. */
function bodies(input: any): string | Record<string, string> {
  if (input.MessageStructure !== 'json') return input.Message;
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.Message);
  } catch {
    throw snsErrors.invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as any).default !== 'string') {
    throw snsErrors.invalidParameter('Message Structure - No default entry in JSON message body');
  }
  return parsed as Record<string, string>;
}

function publish(input: any, ctx: RequestContext) {
  const state = ctx.state<SnsState>();
  if (typeof input.Message !== 'string' || input.Message.length === 0) throw snsErrors.invalidParameter('Empty message');
  if (Buffer.byteLength(input.Message) > MAX_MESSAGE_BYTES) throw snsErrors.invalidParameter('Message too long');
  checkSubject(input.Subject);
  const message = bodies(input);
  if (input.PhoneNumber && !input.TopicArn && !input.TargetArn) {
    // A direct SMS has no topic; it is still recorded so a test can see it was sent.
    const body = typeof message === 'string' ? message : (message.sms ?? message.default);
    state.outbox.push({ topicArn: '', protocol: 'sms', endpoint: input.PhoneNumber, subject: null, message: body, timestamp: new Date(ctx.clock.now()).toISOString() });
    ctx.runtime.markDirty();
    return { MessageId: randomUUID() };
  }
  const topic = requireTopic(ctx, input.TopicArn ?? input.TargetArn, input.TopicArn ? 'TopicArn' : 'TargetArn');
  const fifo = topic.attributes.FifoTopic === 'true';
  if (fifo && !input.MessageGroupId) throw snsErrors.invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  const messageId = publishInternal(state, topic.arn, input.Subject, message, ctx.clock.now()) as string;
  ctx.runtime.markDirty();
  return fifo ? { MessageId: messageId, SequenceNumber: String(ctx.clock.now()).padStart(20, '0') } : { MessageId: messageId };
}

/** Publish. */
export const publishHandlers: Record<string, Handler> = { Publish: publish };
