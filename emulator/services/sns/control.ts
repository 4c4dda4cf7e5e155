import { parseArn } from '../../../core/ids';
import { registerControlRoute, type ControlRequest } from '../../control/control-router';
import { profileOf } from '../../framework/time-profile';
import type { EmulatorRuntime } from '../../framework/types';
import { AUTO_CONFIRM_ENGINE, confirmPendingSubscriptions, getTopic, listMessages, type SnsDelivery, type SnsState } from './store';

function accountOf(req: ControlRequest): string {
  return req.query.get('accountId') ?? req.emulator.runtime.defaultAccountId ?? '000000000000';
}

/** Every SNS state of an account, one per region that has been used. */
function statesOf(runtime: EmulatorRuntime, accountId: string): SnsState[] {
  if (!runtime.scopesOf || !runtime.stateOf) return [];
  const get = runtime.stateOf.bind(runtime);
  return runtime
    .scopesOf('sns')
    .filter((s) => s.accountId === accountId)
    .map((s) => get<SnsState>('sns', s.accountId, s.region));
}

function messages(req: ControlRequest) {
  const topicArn = req.query.get('topicArn') ?? undefined;
  const all: SnsDelivery[] = statesOf(req.emulator.runtime, accountOf(req)).flatMap((s) => listMessages(s, topicArn));
  // Regions keep their own outboxes; merge them by time (the sort is stable within a region).
  all.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  return { json: { messages: all } };
}

function confirmTopic(req: ControlRequest) {
  const topicArn = (req.body as { topicArn?: unknown } | undefined)?.topicArn;
  const arn = typeof topicArn === 'string' ? parseArn(topicArn) : undefined;
  if (!arn || arn.service !== 'sns') return { status: 400, json: { error: 'Send a JSON body {"topicArn":"arn:aws:sns:REGION:ACCOUNT:NAME"}.' } };
  const { runtime } = req.emulator;
  if (!runtime.stateOf) return { status: 500, json: { error: 'This emulator runtime cannot reach service state.' } };
  const state = runtime.stateOf<SnsState>('sns', arn.account, arn.region);
  if (!getTopic(state, topicArn as string)) return { status: 404, json: { error: `The topic ${topicArn} does not exist.` } };
  const confirmed = confirmPendingSubscriptions(state, topicArn as string);
  runtime.markDirty();
  return { json: { topicArn, confirmed } };
}

function autoConfirm(req: ControlRequest) {
  const enabled = (req.body as { enabled?: unknown } | undefined)?.enabled;
  if (typeof enabled !== 'boolean') return { status: 400, json: { error: 'Send a JSON body {"enabled":true} or {"enabled":false}.' } };
  // AWS never confirms an email subscription by itself; under the aws profile neither does the emulator.
  if (enabled && profileOf(req.emulator.runtime).strict) {
    return { status: 409, json: { error: 'This emulator runs the aws profile: email subscriptions stay PendingConfirmation until confirmed (ConfirmSubscription with the token of the confirmation email, or POST /_emulator/sns/confirm), as on AWS. Start it with --profile fast to auto-confirm.', profile: 'aws' } };
  }
  req.emulator.runtime.engines.set(AUTO_CONFIRM_ENGINE, enabled);
  return { json: { autoConfirm: enabled } };
}

/**
 * Registers the SNS control endpoints (architecture §6): the outbox, "click the confirmation link",
 * and an emulator-wide auto-confirm switch. Registering twice replaces the same routes.
 */
export function registerSnsControlRoutes(): void {
  registerControlRoute('GET', '/_emulator/sns/messages', messages, 'sns-outbox');
  registerControlRoute('POST', '/_emulator/sns/confirm', confirmTopic, 'sns-confirm');
  registerControlRoute('POST', '/_emulator/sns/auto-confirm', autoConfirm, 'sns-auto-confirm');
}
