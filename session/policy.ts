import { buildPolicy, type IamPolicy } from '../runner/policy';
import { checkActionsOf, runActionsOf, type AnyLab } from '../runner/lab';
import { SWEEP_ACTIONS } from '../runner/sweep';
import { TEARDOWN_ACTIONS } from '../runner/teardown';

/** The least-privilege policy for `check` (or, with `run`, for a full run and the sweep after it) of a lab. */
export function labPolicy(lab: AnyLab, purpose: 'check' | 'run'): IamPolicy {
  // A run on a real account ends with `labwright sweep` in CI, so its policy covers the sweep too.
  return purpose === 'check'
    ? buildPolicy(checkActionsOf(lab), 'LabwrightCheck')
    : buildPolicy([...runActionsOf(lab), ...TEARDOWN_ACTIONS, ...SWEEP_ACTIONS], 'LabwrightRun');
}
