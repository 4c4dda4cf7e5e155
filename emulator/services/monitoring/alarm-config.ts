import { parseArn } from '../../../core/ids';
import type { StoredAlarm } from '../../alarms/types';
import { AwsError } from '../../framework/types';
import { isPercentile } from './statistics';
import { checkUnit, invalidCombination, invalidValue, required, STATISTICS } from './errors';

/** The configuration part of an alarm (everything PutMetricAlarm sets). */
export type AlarmConfig = Omit<StoredAlarm, 'StateValue' | 'StateReason' | 'StateReasonData' | 'StateUpdatedTimestamp' | 'StateTransitionedTimestamp' | 'AlarmConfigurationUpdatedTimestamp' | 'AlarmArn' | 'accountId' | 'region'>;

const OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'];
const BAND_OPERATORS = ['LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const TREATMENTS = ['breaching', 'notBreaching', 'ignore', 'missing'];
const DAY_S = 86_400;

function actions(list: unknown, name: string): string[] {
  const arr = (list ?? []) as string[];
  if (arr.length > 5) throw invalidValue(`The collection ${name} must not have more than 5 members.`);
  for (const a of arr) if (typeof a !== 'string' || a.length === 0 || a.length > 1024) throw invalidValue(`The value ${String(a)} for parameter ${name} is not a valid action.`);
  // An action is an ARN (SNS topic, EC2 automate, Auto Scaling policy, SSM…): anything else is refused.
  for (const a of arr) if (!parseArn(a as string)) throw new AwsError('ValidationError', `Invalid arn syntax: ${String(a)}`, 400);
  return [...arr];
}

/**
 * Validates a PutMetricAlarm input (spec §6) and returns the configuration to store. Errors are
 * CloudWatch's InvalidParameterValue / InvalidParameterCombination / MissingParameter. An alarm on
 * metric math (`Metrics`) is accepted and stored but not evaluated by this emulator.
 */
export function validateAlarmInput(input: any): AlarmConfig {
  const name = required<string>(input.AlarmName, 'AlarmName');
  if (name.length > 255) throw invalidValue('The parameter AlarmName must be at most 255 characters.');
  if (input.AlarmDescription !== undefined && input.AlarmDescription.length > 1024) throw invalidValue('The parameter AlarmDescription must be at most 1024 characters.');
  const operator = required<string>(input.ComparisonOperator, 'ComparisonOperator');
  if (!OPERATORS.includes(operator) && !BAND_OPERATORS.includes(operator)) throw invalidValue(`The value ${operator} for parameter ComparisonOperator is not valid.`);
  const evaluationPeriods = required<number>(input.EvaluationPeriods, 'EvaluationPeriods');
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) throw invalidValue('The parameter EvaluationPeriods must be an integer of at least 1.');
  const datapointsToAlarm: number | undefined = input.DatapointsToAlarm;
  if (datapointsToAlarm !== undefined) {
    if (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1) throw invalidValue('The parameter DatapointsToAlarm must be an integer of at least 1.');
    if (datapointsToAlarm > evaluationPeriods) throw invalidCombination('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  if (input.TreatMissingData !== undefined && !TREATMENTS.includes(input.TreatMissingData)) {
    throw invalidValue(`The value ${input.TreatMissingData} for parameter TreatMissingData is not valid: use breaching, notBreaching, ignore or missing.`);
  }
  if (input.EvaluateLowSampleCountPercentile !== undefined && !['evaluate', 'ignore'].includes(input.EvaluateLowSampleCountPercentile)) {
    throw invalidValue('The parameter EvaluateLowSampleCountPercentile must be evaluate or ignore.');
  }
  const dimensions = (input.Dimensions ?? []) as Array<{ Name: string; Value: string }>;
  if (dimensions.length > 30) throw invalidValue('The collection Dimensions must not have more than 30 members.');

  const usesMath = Array.isArray(input.Metrics) && input.Metrics.length > 0;
  if (BAND_OPERATORS.includes(operator) && !input.ThresholdMetricId) throw invalidCombination(`The ComparisonOperator ${operator} needs a ThresholdMetricId.`);
  if (usesMath) {
    if (input.MetricName !== undefined || input.Namespace !== undefined || input.Statistic !== undefined || input.ExtendedStatistic !== undefined || input.Period !== undefined) {
      throw invalidCombination('Metrics cannot be combined with MetricName, Namespace, Statistic, ExtendedStatistic or Period.');
    }
  } else {
    required(input.MetricName, 'MetricName');
    const ns = required<string>(input.Namespace, 'Namespace');
    if (ns.startsWith(':')) throw invalidValue(`The value ${ns} for parameter Namespace is invalid.`);
    if ((input.Statistic === undefined) === (input.ExtendedStatistic === undefined)) {
      throw invalidCombination('Exactly one of Statistic and ExtendedStatistic must be specified.');
    }
    if (input.Statistic !== undefined && !STATISTICS.includes(input.Statistic)) throw invalidValue(`The value ${input.Statistic} for parameter Statistic is not valid.`);
    if (input.ExtendedStatistic !== undefined && !isPercentile(input.ExtendedStatistic)) throw invalidValue(`The value ${input.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`);
    const period = required<number>(input.Period, 'Period');
    if (!Number.isInteger(period) || period < 10 || !([10, 20, 30].includes(period) || period % 60 === 0)) {
      throw invalidValue('The parameter Period must be 10, 20, 30 or a multiple of 60.');
    }
    const span = period * evaluationPeriods;
    if (period < 3600 && span > DAY_S) throw invalidCombination('Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).');
    if (span > 7 * DAY_S) throw invalidCombination('Metrics cannot be checked across more than 7 days (EvaluationPeriods * Period must be <= 604800).');
    if (!BAND_OPERATORS.includes(operator)) required(input.Threshold, 'Threshold');
  }
  return {
    AlarmName: name,
    AlarmDescription: input.AlarmDescription,
    ActionsEnabled: input.ActionsEnabled ?? true,
    OKActions: actions(input.OKActions, 'OKActions'),
    AlarmActions: actions(input.AlarmActions, 'AlarmActions'),
    InsufficientDataActions: actions(input.InsufficientDataActions, 'InsufficientDataActions'),
    MetricName: input.MetricName,
    Namespace: input.Namespace,
    Statistic: input.Statistic,
    ExtendedStatistic: input.ExtendedStatistic,
    Dimensions: dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    Period: input.Period,
    Unit: checkUnit(input.Unit),
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: datapointsToAlarm,
    Threshold: input.Threshold,
    ComparisonOperator: operator,
    TreatMissingData: input.TreatMissingData,
    EvaluateLowSampleCountPercentile: input.EvaluateLowSampleCountPercentile,
    ThresholdMetricId: input.ThresholdMetricId,
    Metrics: usesMath ? input.Metrics : undefined,
  };
}
