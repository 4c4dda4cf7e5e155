import type { ServiceName } from '../../framework/types';
import { buildRecord, eventSourceOf, isDataEvent, isReadOnly, type ApiCall } from './event-record';
import { selectorsMatch } from './selector-handlers';
import { HISTORY_DAYS, HISTORY_MAX_EVENTS, type CloudTrailState } from './store';

const GLOBAL_SERVICES = new Set<ServiceName>(['iam', 'sts']);

/**
 * Records one call: management events go to the region's event history (LookupEvents), and every
 * logging trail whose regions and selectors take the event queues it for delivery.
 */
export function recordApiCall(state: CloudTrailState, call: ApiCall): Record<string, unknown> {
  const record = buildRecord(call);
  const management = !isDataEvent(call.service, call.operation);
  const region = String(record.awsRegion);
  const t = call.timeMs;
  if (management) {
    const history = (state.history[region] ??= []);
    history.push({ t, record });
    const floor = t - HISTORY_DAYS * 86_400_000;
    let drop = 0;
    while (drop < history.length && (history[drop].t < floor || history.length - drop > HISTORY_MAX_EVENTS)) drop++;
    if (drop) history.splice(0, drop);
  }
  const selectable = {
    management,
    readOnly: isReadOnly(call.operation),
    eventSource: eventSourceOf(call.service),
    resourceArn: typeof call.input.Bucket === 'string' ? `arn:aws:s3:::${call.input.Bucket}/${String(call.input.Key ?? '')}` : undefined,
    dataType: management ? undefined : 'AWS::S3::Object',
  };
  // A trail logs its own StopLogging call: the last event before it goes quiet, as on AWS.
  const stopped = call.service === 'cloudtrail' && call.operation === 'StopLogging' && !call.error ? String(call.input.Name ?? '') : undefined;
  for (const trail of Object.values(state.trails)) {
    if (!trail.isLogging && !(stopped && (trail.Name === stopped || trail.TrailARN === stopped))) continue;
    if (!trail.IsMultiRegionTrail && trail.HomeRegion !== region) continue;
    if (GLOBAL_SERVICES.has(call.service) && !trail.IncludeGlobalServiceEvents) continue;
    if (!selectorsMatch(trail.EventSelectors, selectable)) continue;
    trail.pending.push({ t, record, s3: true, cwl: !!trail.CloudWatchLogsLogGroupArn });
  }
  return record;
}
