import type { RequestContext, ServiceName } from '../../framework/types';
import type { AlarmNotification } from '../../alarms/types';
import { deliverAlarmNotifications } from '../../alarms/transition';
import type { MonitoringState } from './types';
import { publishInternal, type SnsState } from '../sns/store';

/** Reads another service's state for an account and region (what `ctx.stateOf` does). */
export type StateOf = <S>(service: ServiceName, accountId?: string, region?: string) => S;

/**
 * Publishes alarm notifications to SNS in the topic's own account and region (taken from its ARN)
 * and records the Action history items. Used by SetAlarmState and by the periodic evaluator.
 */
export function publishAlarmNotifications(monitoring: MonitoringState, notes: AlarmNotification[], stateOf: StateOf, nowMs: number): void {
  deliverAlarmNotifications(
    monitoring,
    notes,
    (note) => {
      const [, , , region, account] = note.topicArn.split(':');
      return publishInternal(stateOf<SnsState>('sns', account, region), note.topicArn, note.subject, note.message, nowMs);
    },
    nowMs,
  );
}

/** `publishAlarmNotifications` within a request. */
export function publishAlarmNotificationsFor(ctx: RequestContext, notes: AlarmNotification[]): void {
  if (notes.length === 0) return;
  publishAlarmNotifications(ctx.state<MonitoringState>(), notes, ctx.stateOf.bind(ctx) as StateOf, ctx.clock.now());
  ctx.runtime.markDirty();
}
