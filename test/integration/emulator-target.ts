// What the network and monitoring step tests share: a Target for a test emulator whose emulator-only
// hooks go through the control API, and recording SDK clients pointed at it.
import { createClients, destroyClients, type AwsClients } from '../../aws/clients';
import type { Capability } from '../../runner/model';
import type { Target } from '../../runner/target';
import { TEST_CREDENTIALS, TEST_REGION, type TestEmulator } from '../emulator/helpers';

/** Calls the emulator's control API and returns its JSON answer; an error status throws with the answer's text. */
export async function emulatorControl(endpoint: string, path: string, method = 'GET', body?: unknown): Promise<any> {
  const res = await fetch(`${endpoint}${path}`, { method, body: body ? JSON.stringify(body) : undefined, headers: body ? { 'content-type': 'application/json' } : {} });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** A Target for a test emulator with short budgets and polls; `overrides` adds or replaces hooks a suite needs. */
export function emulatorTarget(endpoint: string, capabilities: Capability[], overrides: Partial<Target> = {}): Target {
  const control = (path: string, method?: string) => emulatorControl(endpoint, path, method);
  return {
    name: 'embedded',
    region: TEST_REGION,
    endpoint,
    credentials: TEST_CREDENTIALS,
    capabilities: new Set(capabilities),
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

/** Destroys a fixture's clients and stops its emulator; nothing to do when it never started. */
export async function stopEmulatorFixture(f: { emu: TestEmulator; clients: AwsClients; readOnlyClients: AwsClients } | undefined): Promise<void> {
  if (!f) return;
  destroyClients(f.clients);
  destroyClients(f.readOnlyClients);
  await f.emu.stop();
}
