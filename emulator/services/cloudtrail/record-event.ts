import type { ServiceName } from '../../framework/types';
import { eventSourceOf, isDataEvent, isReadOnly, type ApiCall } from './event-record';
import { RecordedEvent } from './recorded-event';
import { selectorsMatch } from './selector-handlers';
import { HISTORY_DAYS, HISTORY_MAX_EVENTS, type CloudTrailState } from './store';

const GLOBAL_SERVICES = new Set<ServiceName>(['iam', 'sts']);

/**
 * Records one call: management events go to the region's event history (LookupEvents), and every
 * logging trail whose regions and selectors take the event queues it for delivery. The record itself
 * is built when first read (LookupEvents, delivery, a snapshot), not on every call.
 */
export function recordApiCall(state: CloudTrailState, call: ApiCall): RecordedEvent {
  const management = !isDataEvent(call.service, call.operation);
  const region = call.service === 'iam' ? 'us-east-1' : call.region; // the record's awsRegion
  const t = call.timeMs;
  const bucket = typeof call.input.Bucket === 'string' ? call.input.Bucket : undefined;
  const key = String(call.input.Key ?? '');
  const stopped = call.service === 'cloudtrail' && call.operation === 'StopLogging' && !call.error ? String(call.input.Name ?? '') : undefined;
  const event = new RecordedEvent(t, call);
  if (management) {
    const history = (state.history[region] ??= []);
    history.push(event);
    const floor = t - HISTORY_DAYS * 86_400_000;
    let drop = 0;
    while (drop < history.length && (history[drop].t < floor || history.length - drop > HISTORY_MAX_EVENTS)) drop++;
    if (drop) history.splice(0, drop);
  }
  let selectable: Parameters<typeof selectorsMatch>[1] | undefined;
  // A trail logs its own StopLogging call: the last event before it goes quiet, as on AWS.
  for (const arn in state.trails) {
    const trail = state.trails[arn];
    if (!trail.isLogging && !(stopped && (trail.Name === stopped || trail.TrailARN === stopped))) continue;
    if (!trail.IsMultiRegionTrail && trail.HomeRegion !== region) continue;
    if (GLOBAL_SERVICES.has(call.service) && !trail.IncludeGlobalServiceEvents) continue;
    selectable ??= {
      management,
      readOnly: isReadOnly(call.operation),
      eventSource: eventSourceOf(call.service),
      resourceArn: bucket !== undefined ? `arn:aws:s3:::${bucket}/${key}` : undefined,
      dataType: management ? undefined : 'AWS::S3::Object',
    };
    if (!selectorsMatch(trail.EventSelectors, selectable)) continue;
    trail.pending.push({ t, record: event.record, s3: true, cwl: !!trail.CloudWatchLogsLogGroupArn });
  }
  return event;
}
