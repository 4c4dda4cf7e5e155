import type { Handler, RequestContext } from '../../framework/types';
import { ctErrors } from './errors';
import type { EventSelector } from './store';
import { requireHome, requireTrail } from './trail-handlers';

const READ_WRITE = ['ReadOnly', 'WriteOnly', 'All'];
const DATA_TYPES = ['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table'];

function checkSelector(s: any): EventSelector {
  const rw = s.ReadWriteType ?? 'All';
  if (!READ_WRITE.includes(rw)) throw ctErrors.selectors(`Value ${rw} for ReadWriteType is invalid.`);
  const data = (s.DataResources ?? []).map((d: any) => {
    if (!DATA_TYPES.includes(d.Type)) throw ctErrors.selectors(`Value ${d.Type} for DataResources.Type is invalid.`);
    const values: string[] = d.Values ?? [];
    if (values.length > 250) throw ctErrors.selectors('The number of values in DataResources exceeds the limit of 250.');
    return { Type: d.Type, Values: values };
  });
  return { ReadWriteType: rw, IncludeManagementEvents: s.IncludeManagementEvents ?? true, DataResources: data, ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [] };
}

function putEventSelectors(input: any, ctx: RequestContext) {
  const trail = requireTrail(ctx, input.TrailName);
  requireHome(ctx, trail);
  if (input.AdvancedEventSelectors !== undefined) {
    throw ctErrors.selectors('The labwright emulator supports EventSelectors only, not AdvancedEventSelectors.');
  }
  const list: any[] = input.EventSelectors ?? [];
  if (list.length < 1 || list.length > 5) throw ctErrors.selectors('You can have between 1 and 5 event selectors per trail.');
  trail.EventSelectors = list.map(checkSelector);
  trail.HasCustomEventSelectors = true;
  ctx.runtime.markDirty();
  return { TrailARN: trail.TrailARN, EventSelectors: trail.EventSelectors };
}

function getEventSelectors(input: any, ctx: RequestContext) {
  const trail = requireTrail(ctx, input.TrailName);
  return { TrailARN: trail.TrailARN, EventSelectors: trail.EventSelectors };
}

/** The event-selector operations. */
export const selectorHandlers: Record<string, Handler> = {
  PutEventSelectors: putEventSelectors,
  GetEventSelectors: getEventSelectors,
};

/** What a selector needs to know about an event. */
export interface SelectableEvent {
  management: boolean;
  readOnly: boolean;
  eventSource: string;
  /** For S3 data events, the object ARN. */
  resourceArn?: string;
  dataType?: string;
}

/** True when one of the selectors logs this event (ReadWriteType, management flag, excluded sources, data resources). */
export function selectorsMatch(selectors: EventSelector[], e: SelectableEvent): boolean {
  return selectors.some((s) => {
    if (s.ReadWriteType === 'ReadOnly' && !e.readOnly) return false;
    if (s.ReadWriteType === 'WriteOnly' && e.readOnly) return false;
    if (e.management) return s.IncludeManagementEvents && !s.ExcludeManagementEventSources.includes(e.eventSource);
    return s.DataResources.some((d) => d.Type === e.dataType && d.Values.some((v) => v === 'arn:aws:s3' || v === 'arn:aws:s3:::' || (!!e.resourceArn && e.resourceArn.startsWith(v))));
  });
}
