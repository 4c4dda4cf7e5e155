import type { ServiceProvider } from '../../framework/types';
import { registerSnsControlRoutes } from './control';
import { publishHandlers } from './publish-handler';
import { createSnsState, type SnsState } from './store';
import { subscriptionHandlers } from './subscription-handlers';
import { topicHandlers } from './topic-handlers';

// Loading the provider (services/index.ts does) is what wires the SNS control routes into every emulator.
registerSnsControlRoutes();

/** The SNS provider: topics, subscriptions and an outbox of deliveries, per account and region. */
export const provider: ServiceProvider<SnsState> = {
  service: 'sns',
  scope: 'region',
  createState: createSnsState,
  handlers: { ...topicHandlers, ...subscriptionHandlers, ...publishHandlers },
};
