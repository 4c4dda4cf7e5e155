import { UsageError } from '../core/errors';
import type { LabScenario } from './types';
import { vpcFlowLogs } from './vpc-flow-logs.scenario';

/** Every lab labwright knows, by id. */
export const SCENARIOS: Record<string, LabScenario> = { [vpcFlowLogs.lab.id]: vpcFlowLogs };

/** The scenario of a lab id, or a usage error naming the labs there are. */
export function scenarioFor(labId: string): LabScenario {
  const s = SCENARIOS[labId];
  if (!s) throw new UsageError(`Unknown lab '${labId}'; known labs: ${Object.keys(SCENARIOS).join(', ')} (see labwright labs).`);
  return s;
}
