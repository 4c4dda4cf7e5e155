// The one declarative object a lab is (`defineLab({...})` in scenarios/<lab-id>.scenario.ts): its
// environment, its steps in order with the solve and check each binds, the mutations that prove
// each check (verify-checks) and the IAM actions each needs (policy). The runner, verify-checks,
// policy, sweep, `labwright labs` and the docs read only this object.
import type { AwsClients } from '../aws/clients';
import type { Clock } from '../core/clock';
import { UsageError } from '../core/errors';
import type { LabContext, LabEnvironment } from './context';
import type { CleanupLedger } from './ledger';
import type { LabNames, RunNames } from './names';
import type { Capability, Lab, Step } from './model';
import type { Target } from './target';
import type { ResourceScopes } from './policy';
import type { Mutation, Mutations } from './verify';

/** What provisioning the environment needs, before any step runs. */
export interface EnvironmentDeps {
  clients: AwsClients;
  target: Target;
  ledger: CleanupLedger;
  runId: string;
  region: string;
  /** The names this run gives what it creates (the lab's literal names when absent). */
  names?: RunNames;
  log(line: string): void;
  clock?: Clock;
  signal?: AbortSignal;
}

/** The environment a lab platform pre-provisions for the lab, as reusable building blocks bound to the lab's fixtures. */
export interface LabEnvironmentSpec<E extends LabEnvironment> {
  /** Creates it (run, env up); every create is recorded in `deps.ledger` before it returns. */
  provision(deps: EnvironmentDeps): Promise<E>;
  /** Finds it read-only by the lab's names and tags (check). */
  /** Finds the environment read-only; `names`: a kept run's names (`run --only --ledger`), else the lab's literal ones. */
  discover(clients: AwsClients, region: string, names?: RunNames): Promise<E>;
  /** Secrets in the environment (passwords, keys) the reports must never show. */
  secrets?(env: E): Array<string | undefined>;
  /** One line naming what is up, for `labwright env up`. */
  describe?(env: E): string;
  /** The SSH login into the environment's instance, for `run --keep` (the key goes to a 0600 file). */
  login?(env: E): EnvironmentLogin | undefined;
  /** What the aws target's preflight probes before a run: the instance type and image the environment launches. */
  preflight?: AwsPreflightSpec;
  /** IAM actions `discover` needs (policy for check) and `provision` needs (policy for run). */
  iam: { discover: string[]; provision: string[] };
}

/** An SSH login by private key to an instance of the environment. */
export interface EnvironmentLogin {
  user: string;
  privateKey: string;
  instanceId: string;
  publicIp?: string;
}

/** What the aws preflight checks for a lab before anything is created. */
export interface AwsPreflightSpec {
  instanceType?: string;
  imageNamePattern?: string;
  imageOwner?: string;
}

/** One step of a lab: a reusable solve and check bound to the lab's parameters, with its proofs and permissions. */
export interface LabStep<E extends LabEnvironment> extends Step<LabContext<E>> {
  /** Wrong states a student could end up in; the check must not pass under any (verify-checks). */
  mutations?: Array<Mutation<LabContext<E>>>;
  /** IAM actions the check reads (`labwright policy`) and, optionally, the solve needs (`policy --run`). */
  iam: { check: string[]; solve?: string[] };
}

/** Resources a crashed run can leave without a tag sweep could read: the prefixes of their names. */
export interface SweepHints {
  /** IAM role names (roles are global: sweep asks only these for their tags). */
  rolePrefixes?: string[];
  /** S3 bucket names (ListBuckets does not return tags: sweep asks only these). */
  bucketPrefixes?: string[];
}

/** A lab, as `defineLab` takes and returns it. */
export interface LabDefinition<E extends LabEnvironment = LabEnvironment> {
  id: string;
  title: string;
  environment: LabEnvironmentSpec<E>;
  /** In the lab's order. */
  steps: Array<LabStep<E>>;
  /** IAM actions a run needs beyond provisioning, the checks and teardown (what the solves call). */
  solveIam?: string[];
  /** What `labwright sweep` looks at besides tagged resources. */
  sweep?: SweepHints;
  /**
   * Resources an IAM action is limited to in `labwright policy` (`check`) and `policy --run`
   * (e.g. `s3:PutObject` → the Athena result location); every other action applies to `*`.
   */
  iamResources?: { check?: ResourceScopes; run?: ResourceScopes };
  /**
   * The lab's literal names of what a run creates, each with its kind of AWS name: `run` and
   * `env up` give each the run's suffix (runner/names.ts), `check` and `run --lab-names` use them
   * as they are, and `run --lab-names` first makes sure none of them exists yet.
   */
  names?: LabNames;
  /**
   * For targets without flow-log delivery (`run --seed-evidence`): replaces steps so their checks
   * read synthetic evidence; the lab decides which steps that concerns.
   */
  seedEvidence?(steps: Array<LabStep<E>>, capabilities: ReadonlySet<Capability>): Array<LabStep<E>>;
}

/** Any lab, whatever its environment record. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLab = LabDefinition<any>;

/** Declares a lab: validates ids and `needs` and returns the object unchanged (typed). */
export function defineLab<E extends LabEnvironment>(def: LabDefinition<E>): LabDefinition<E> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(def.id)) throw new UsageError(`Lab id '${def.id}' must be kebab-case (a-z, 0-9, -).`);
  const seen = new Set<string>();
  for (const s of def.steps) {
    if (seen.has(s.id)) throw new UsageError(`Lab ${def.id} declares step '${s.id}' twice.`);
    for (const n of s.needs ?? []) if (!seen.has(n)) throw new UsageError(`Step '${s.id}' of lab ${def.id} needs '${n}', which is not an earlier step.`);
    seen.add(s.id);
  }
  return def;
}

/** The runner's view of a lab: id, title and steps. */
export function labOf<E extends LabEnvironment>(def: LabDefinition<E>): Lab<LabContext<E>> {
  return { id: def.id, title: def.title, steps: def.steps };
}

/** The declared mutations of every step, by step id (verify-checks). */
export function mutationsOf<E extends LabEnvironment>(def: LabDefinition<E>): Mutations<LabContext<E>> {
  return Object.fromEntries(def.steps.filter((s) => s.mutations?.length).map((s) => [s.id, s.mutations!]));
}

/** Every IAM action `check` may need: discovery plus every step's check. */
export function checkActionsOf(def: AnyLab): string[] {
  return [...def.environment.iam.discover, ...def.steps.flatMap((s: LabStep<LabEnvironment>) => s.iam.check)];
}

/** Every IAM action a run may need besides teardown: provisioning, the solves and the checks. */
export function runActionsOf(def: AnyLab): string[] {
  return [...checkActionsOf(def), ...def.environment.iam.provision, ...(def.solveIam ?? []), ...def.steps.flatMap((s: LabStep<LabEnvironment>) => s.iam.solve ?? [])];
}
