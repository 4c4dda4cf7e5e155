// The alarm evaluator's public surface: pure functions, no timers.
export { evaluateAlarm, breaches } from './evaluate';
export { evaluateAllAlarms } from './evaluate-all';
export { buildAlarmNotification } from './notification';
export { applyTransition, deliverAlarmNotifications } from './transition';
export { evaluationWindow, evaluationRange } from './window';
export { regionLongName } from '../../core/region-names';
export type { AlarmEvaluation, AlarmNotification, AlarmHistoryItem, AlarmStateValue, PeriodDatapoint, StoredAlarm } from './types';
