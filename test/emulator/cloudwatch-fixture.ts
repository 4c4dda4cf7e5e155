import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** The lab's log group, where its flow log delivers. */
export const LAB_LOG_GROUP = 'VPCFlowLogs';
/** The stream a flow log writes for the lab web server's ENI (`<eni>-all` for traffic type ALL). */
export const LAB_LOG_STREAM = 'eni-0d5d75b41f9befe9e-all';

/** Creates the lab's log group and its ENI stream, as the flow log's first delivery would. */
export async function createLabLogStream(logs: CloudWatchLogsClient): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: LAB_LOG_GROUP }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: LAB_LOG_GROUP, logStreamName: LAB_LOG_STREAM }));
}

/** Puts `[timestamp, message]` events, oldest first, into the lab's ENI stream. */
export function putLabLogEvents(logs: CloudWatchLogsClient, events: Array<[number, string]>) {
  const logEvents = events.map(([timestamp, message]) => ({ timestamp, message }));
  return logs.send(new PutLogEventsCommand({ logGroupName: LAB_LOG_GROUP, logStreamName: LAB_LOG_STREAM, logEvents }));
}
