// `labwright policy`: the least-privilege IAM policy of a lab, from the IAM actions its lab object
// declares (environment discovery/provisioning, each step's check and solve) plus teardown and
// sweep, with writes limited to the resources the lab declares. test/integration/policy-exact.test.ts
// records every call of a full run, check and sweep on the emulator and proves the declared actions
// are exactly what those calls need (runner/policy.ts maps calls to IAM actions).
import { buildPolicy, type IamPolicy, type ResourceScopes } from '../runner/policy';
import { checkActionsOf, runActionsOf, type AnyLab } from '../runner/lab';
import { nameClashActions } from '../runner/name-clashes';
import { SWEEP_ACTIONS } from '../runner/sweep';
import { teardownActionsFor } from '../runner/teardown';
import { UsageError } from '../core/errors';

// Allowed to every principal; a policy naming it would only mislead.
const NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

/** Options of a lab's policy. */
export interface PolicyOptions {
  /** The Athena query result location (`s3://bucket/prefix/`): `s3:PutObject` is limited to it. */
  resultLocation?: string;
}

/** The ARN pattern of every object under an S3 URI: `s3://b/p/` → `arn:aws:s3:::b/p/*`. */
export function s3ObjectsArn(uri: string): string {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/[^*?]*)?$/.exec(uri.trim());
  if (!m) throw new UsageError(`--result-location '${uri}' is not an S3 URI: write it as Athena shows it, for example s3://my-bucket/athena-results/.`);
  const prefix = (m[2] ?? '/').replace(/^\//, '');
  return `arn:aws:s3:::${m[1]}/${prefix}*`;
}

/** The least-privilege policy for `check` (or, with `run`, for a full run and the sweep after it) of a lab. */
export function labPolicy(lab: AnyLab, purpose: 'check' | 'run', opts: PolicyOptions = {}): IamPolicy {
  const declared: ResourceScopes = lab.iamResources?.[purpose] ?? {};
  const scopes: ResourceScopes = opts.resultLocation ? { ...declared, 's3:PutObject': [s3ObjectsArn(opts.resultLocation)] } : declared;
  // A run on a real account ends with `labwright sweep` in CI, so its policy covers the sweep too,
  // and `run --lab-names` first reads whether the lab's names are taken.
  const actions = purpose === 'check' ? checkActionsOf(lab) : [...runActionsOf(lab), ...teardownActionsFor(runActionsOf(lab)), ...SWEEP_ACTIONS, ...nameClashActions(lab.names)];
  return buildPolicy(actions.filter((a) => !NO_PERMISSION.has(a)), purpose === 'check' ? 'LabwrightCheck' : 'LabwrightRun', scopes);
}
