// The checker's policy, proven with IAM enforced: on the embedded emulator, an IAM user holding
// exactly `labwright policy <lab>` gets, from a full `check` of each lab, the same verdicts as the
// account's root; and removing any one action the emulator can judge from that policy makes some
// check `cant-verify`. The emulator authorizes each API call by its own action; the actions Athena
// needs on the caller's behalf (Glue's catalog reads, S3 reads of the data and the result write)
// are not enforced there, so removing them cannot be observed: the test names them.
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import * as iamUsers from '../../aws/iam-users';
import { clearSecrets } from '../../core/redact';
import type { AnyLab } from '../../runner/lab';
import { policyActions, buildPolicy } from '../../runner/policy';
import type { Target } from '../../runner/target';
import { checkOnce } from '../../session/check';
import { labFor } from '../../session/labs';
import { labPolicy } from '../../session/policy';
import { runSession } from '../../session/session';
import { resolveTarget } from '../../session/targets';

jest.setTimeout(600_000);
afterAll(() => clearSecrets());

/** Actions Athena uses on the caller's behalf: the emulator does not authorize them (see the file comment). */
const ON_BEHALF_OF_ATHENA = ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions', 's3:GetBucketLocation', 's3:GetObject', 's3:PutObject'];
/**
 * Actions only a check's not-passing path calls (the checker's own Logs Insights run when the
 * student's run misses the data): on a solved lab no check needs them, so the loop leaves them out.
 */
const NOT_PASSING_PATH_ONLY = [
  'logs:StartQuery',
  'logs:StopQuery',
  // The VPC lab's discovery tells several lab buckets apart by tag and finds a run-suffixed role by listing.
  's3:GetBucketTagging',
  'iam:ListRoles',
];
/** Reduced-policy check passes run this many at a time, each as its own user. */
const PARALLEL = 4;

type Verdicts = Record<string, string>;
const verdictsOf = (run: { steps: Array<{ stepId: string; result: { verdict: string } }> }): Verdicts => Object.fromEntries(run.steps.map((s) => [s.stepId, s.result.verdict]));

describe.each(['vpc-flow-logs', 'cloudtrail-security-monitoring'])('the check policy of %s, enforced', (labId) => {
  let lab: AnyLab;
  let target: Target;
  let root: AwsClients;
  let rootVerdicts: Verdicts;
  let users = 0;

  /** A target whose calls are signed by a new IAM user holding exactly `actions`. */
  async function targetHolding(actions: string[]): Promise<Target> {
    const name = `labwright-checker-${++users}`;
    await iamUsers.createUser(root.iam, name, {}, () => undefined);
    await iamUsers.putUserPolicy(root.iam, name, 'LabwrightCheck', JSON.stringify(buildPolicy(actions, 'LabwrightCheck')), () => undefined);
    const key = await iamUsers.createAccessKey(root.iam, name, () => undefined);
    return { ...target, credentials: key };
  }
  const checkAs = async (t: Target, steps?: string[]): Promise<Verdicts> => verdictsOf((await checkOnce({ lab, target: t, steps })).run);
  /**
   * The checks that declare an action: a discovery action is every check's (the first one's will do),
   * a step's check action that step's. Checking only those keeps the loop fast, and a declaration on the
   * wrong step then shows as an action nobody misses.
   */
  const stepsDeclaring = (action: string): string[] =>
    lab.environment.iam.discover.includes(action) ? [lab.steps[0].id] : lab.steps.filter((s) => s.iam.check.includes(action)).map((s) => s.id);

  beforeAll(async () => {
    lab = labFor(labId);
    target = await resolveTarget({ target: 'embedded' });
    root = createClients({ region: target.region, endpoint: target.endpoint, credentials: target.credentials });
    // Solved as `run --keep --lab-names` does: the lab stands, under the names a student's check looks for.
    const solved = await runSession({ mode: 'run', lab, target, reporters: [], keep: true, labNames: true, log: () => undefined });
    expect(solved.exitCode).toBe(0);
    rootVerdicts = await checkAs(target);
  });
  afterAll(async () => {
    if (root) destroyClients(root);
    await target?.close();
  });

  it('gives a user holding exactly the printed policy the same verdicts as the root', async () => {
    expect(Object.values(rootVerdicts).every((v) => v === 'passed')).toBe(true);
    expect(await checkAs(await targetHolding(policyActions(labPolicy(lab, 'check'))))).toEqual(rootVerdicts);
  });

  it('needs every action the emulator can judge: without any one of them some check cannot be verified', async () => {
    const actions = policyActions(labPolicy(lab, 'check'));
    const judged = actions.filter((a) => !ON_BEHALF_OF_ATHENA.includes(a) && !NOT_PASSING_PATH_ONLY.includes(a));
    const unnoticed: string[] = [];
    const withoutEach = judged.map((removed) => async () => {
      const verdicts = await checkAs(await targetHolding(actions.filter((a) => a !== removed)), stepsDeclaring(removed));
      if (!Object.values(verdicts).includes('cant-verify')) unnoticed.push(`${removed} → ${JSON.stringify(verdicts)}`);
    });
    for (let i = 0; i < withoutEach.length; i += PARALLEL) await Promise.all(withoutEach.slice(i, i + PARALLEL).map((run) => run()));
    expect(unnoticed).toEqual([]);
    // The loop ran over every other action of the policy.
    expect(actions.filter((a) => !judged.includes(a)).every((a) => ON_BEHALF_OF_ATHENA.includes(a) || NOT_PASSING_PATH_ONLY.includes(a))).toBe(true);
  });
});
