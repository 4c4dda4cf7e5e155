import { Command } from 'commander';
import { UsageError } from '../../core/errors';
import { stdout } from '../../core/log';
import { buildPolicy, type IamPolicy } from '../../runner/policy';
import { scenarioFor } from '../../scenarios';
import { checkActions, runActions } from '../../scenarios/vpc-flow-logs/permissions';
import { SWEEP_ACTIONS } from '../../steps/sweep';

/** The declared IAM actions of each lab, by lab id. */
export const LAB_PERMISSIONS: Record<string, { check(): string[]; run(): string[] }> = { 'vpc-flow-logs': { check: checkActions, run: runActions } };

/** The least-privilege policy for `check` (or, with `run`, for a full run) of a lab. */
export function labPolicy(labId: string, purpose: 'check' | 'run'): IamPolicy {
  scenarioFor(labId);
  const declared = LAB_PERMISSIONS[labId];
  if (!declared) throw new UsageError(`Lab ${labId} declares no IAM actions, so no policy can be generated; add them next to its scenario.`);
  // A run on a real account ends with `labwright sweep` in CI, so its policy covers the sweep too.
  return buildPolicy(purpose === 'check' ? declared.check() : [...declared.run(), ...SWEEP_ACTIONS], purpose === 'check' ? 'LabwrightCheck' : 'LabwrightRun');
}

/** `labwright policy [LAB]`: least-privilege IAM policy for `check`. */
export function registerPolicy(program: Command, setExit: (code: number) => void): void {
  program
    .command('policy')
    .argument('[lab]', 'lab id', 'vpc-flow-logs')
    .option('--run', 'the policy a full `run` (and `sweep`) needs instead of `check`')
    .description('print the least-privilege IAM policy JSON for `check`')
    .action((lab: string, flags: { run?: boolean }) => {
      stdout.write(`${JSON.stringify(labPolicy(lab, flags.run ? 'run' : 'check'), null, 2)}\n`);
      setExit(0);
    });
}
