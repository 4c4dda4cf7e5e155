import type { ServiceProvider } from '../../framework/types';
import type { LogsState } from './types';
import { createLogsState } from './store';
import { groupHandlers } from './group-handlers';
import { eventHandlers } from './event-handlers';
import { metricFilterHandlers } from './metric-filter-handlers';
import { insightsHandlers } from './insights-handlers';

/** CloudWatch Logs: groups, streams, events, metric filters and Logs Insights queries. */
export const provider: ServiceProvider<LogsState> = {
  service: 'logs',
  scope: 'region',
  createState: createLogsState,
  handlers: { ...groupHandlers, ...eventHandlers, ...metricFilterHandlers, ...insightsHandlers },
};
