// Test wiring for the network steps: an emulator target (the control API for ports, client IP and
// flushing) and a LabContext built from real recording clients pointed at a test emulator.
import type { AwsClients } from '../../aws/clients';
import type { Ctx as LabContext, Env as LabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { systemClock } from '../../core/clock';
import { runId as newRunId } from '../../core/ids';
import { CleanupLedger } from '../../runner/ledger';
import type { Capability } from '../../runner/model';
import type { Target } from '../../runner/target';
import { provisionLabEnvironment } from '../../scenarios/vpc-flow-logs/blocks';
import { startTestEmulator, TEST_REGION, type TestEmulator } from '../emulator/helpers';
import { clientsFor, emulatorTarget, stopEmulatorFixture } from './emulator-target';

const CAPABILITIES: Capability[] = ['flow-log-delivery', 'flow-log-delivery-s3', 'instance-ssh'];

/** One emulator, its target and a provisioned environment. */
export interface NetworkFixture {
  emu: TestEmulator;
  target: Target;
  clients: AwsClients;
  readOnlyClients: AwsClients;
  ledger: CleanupLedger;
  runId: string;
  env: LabEnvironment;
  lines: string[];
  /** A context for a step: `run` mode with the writable clients, `check` mode read-only. */
  ctx(mode?: 'run' | 'check', state?: Map<string, unknown>): LabContext;
}

/** Starts an emulator and provisions the lab environment in it. */
export async function startNetworkFixture(targetOverrides: Partial<Target> = {}): Promise<NetworkFixture> {
  const emu = await startTestEmulator();
  const target = emulatorTarget(emu.endpoint, CAPABILITIES, targetOverrides);
  const clients = clientsFor(emu.endpoint);
  const readOnly = clientsFor(emu.endpoint, true);
  const ledger = new CleanupLedger();
  const runId = newRunId();
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);
  const env = await provisionLabEnvironment({ clients, target, ledger, runId, log, region: TEST_REGION });
  const state = new Map<string, unknown>();
  return {
    emu,
    target,
    clients,
    readOnlyClients: readOnly,
    ledger,
    runId,
    env,
    lines,
    ctx: (mode = 'run', s = state) => ({
      runId,
      mode,
      target,
      clients: mode === 'check' ? readOnly : clients,
      env,
      ledger,
      state: s,
      clock: systemClock,
      signal: new AbortController().signal,
      log,
    }),
  };
}

/** Stops the fixture's emulator and clients. */
export const stopNetworkFixture: (f: NetworkFixture | undefined) => Promise<void> = stopEmulatorFixture;
