import type { ServiceProvider } from '../../framework/types';
import type { MonitoringState } from './types';
import { createMonitoringState } from './store';
import { metricHandlers } from './metric-handlers';
import { alarmHandlers } from './alarm-handlers';

/** CloudWatch: metrics (put, statistics, data, list) and metric alarms. */
export const provider: ServiceProvider<MonitoringState> = {
  service: 'monitoring',
  scope: 'region',
  createState: createMonitoringState,
  handlers: { ...metricHandlers, ...alarmHandlers },
};
