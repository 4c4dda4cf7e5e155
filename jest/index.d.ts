/** What `describeLab` runs. */
export interface LabSuiteOptions {
  /** Extra CLI flags for `labwright run` (target, endpoint, region, --only, --report-dir…). */
  args?: string[];
  /** Where labs are looked for besides labwright's own (default: the current directory's `scenarios/`). */
  cwd?: string;
  /** Kill the run after this long (default 60 minutes: a real account takes ~30). */
  timeoutMs?: number;
  /** Environment for the run (credentials, LABWRIGHT_CLIENT_IP…). */
  env?: NodeJS.ProcessEnv;
}

/** Turns a lab into a jest `describe` with one `test` per step, in lab order (the lab runs once through `labwright run --json` before the tests; each test's name carries its step's time in the run). */
export function describeLab(labId: string, opts?: LabSuiteOptions): void;
