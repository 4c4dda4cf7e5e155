// Test wiring for the network steps: an emulator target (the control API for ports, client IP and
// flushing) and a LabContext built from real recording clients pointed at a test emulator.
import { createClients, type AwsClients } from '../../aws/clients';
import type { LabContext, LabEnvironment } from '../../aws/context';
import { systemClock } from '../../core/clock';
import { runId as newRunId } from '../../core/ids';
import { CleanupLedger } from '../../runner/ledger';
import type { Capability } from '../../runner/model';
import type { Target } from '../../runner/target';
import { provisionEnvironment } from '../../steps/environment';
import { startTestEmulator, TEST_CREDENTIALS, TEST_REGION, type TestEmulator } from '../emulator/helpers';

/** A Target for a test emulator, reaching instances through the control API. */
export function emulatorTarget(endpoint: string, overrides: Partial<Target> = {}): Target {
  const control = async (path: string, method = 'GET') => {
    const res = await fetch(`${endpoint}${path}`, { method });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const caps: Capability[] = ['flow-log-delivery', 'flow-log-delivery-s3', 'instance-ssh'];
  return {
    name: 'embedded',
    region: TEST_REGION,
    endpoint,
    credentials: TEST_CREDENTIALS,
    capabilities: new Set(caps),
    budgetScale: 0.02,
    intervalsMs: [50, 100, 200],
    sshTimeoutMs: 1500,
    instanceAddress: async ({ instanceId }, port) => {
      const ports = await control(`/_emulator/instances/${instanceId}/ports`);
      if (!ports[String(port)]) throw new Error(`The emulator exposes no port ${port} for ${instanceId}.`);
      return ports[String(port)];
    },
    clientIp: async () => (await control('/_emulator/network/client-ip')).ip,
    flushFlowLogs: async () => void (await control('/_emulator/flow-logs/flush', 'POST')),
    close: async () => undefined,
    ...overrides,
  };
}

/** Recording clients for the emulator (read-only ones for `check` contexts). */
export function clientsFor(endpoint: string, readOnly = false): AwsClients {
  return createClients({ region: TEST_REGION, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1, readOnly });
}

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
  const target = emulatorTarget(emu.endpoint, targetOverrides);
  const clients = clientsFor(emu.endpoint);
  const readOnly = clientsFor(emu.endpoint, true);
  const ledger = new CleanupLedger();
  const runId = newRunId();
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);
  const env = await provisionEnvironment({ clients, target, ledger, runId, log, region: TEST_REGION });
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
export async function stopNetworkFixture(f: NetworkFixture | undefined): Promise<void> {
  if (!f) return;
  for (const c of [...Object.values(f.clients), ...Object.values(f.readOnlyClients)]) c.destroy();
  await f.emu.stop();
}
