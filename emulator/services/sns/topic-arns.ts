import type { RequestContext } from '../../framework/types';
import { snsErrors } from './errors';
import { getTopic, type SnsState, type SnsTopic } from './store';

/** Looks up the topic a request names: a malformed ARN is InvalidParameter, an unknown one NotFound. */
export function requireTopic(ctx: RequestContext, topicArn: unknown, member = 'TopicArn'): SnsTopic {
  if (typeof topicArn !== 'string' || !/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w.-]+$/.test(topicArn)) throw snsErrors.invalidParameter(member);
  const topic = getTopic(ctx.state<SnsState>(), topicArn);
  if (!topic) throw snsErrors.topicNotFound();
  return topic;
}

/** SNS's NextToken paging (100 per page) over items sorted by a string key. */
export function pageOf<T>(items: T[], keyOf: (t: T) => string, nextToken: string | undefined, size = 100): { page: T[]; NextToken?: string } {
  const after = nextToken ? Buffer.from(nextToken, 'base64').toString('utf8') : undefined;
  const rest = after === undefined ? items : items.filter((t) => keyOf(t) > after);
  const page = rest.slice(0, size);
  return { page, NextToken: rest.length > page.length ? Buffer.from(keyOf(page[page.length - 1])).toString('base64') : undefined };
}
