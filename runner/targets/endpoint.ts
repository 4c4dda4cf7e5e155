import { UsageError } from '../../core/errors';
import type { Capability } from '../model';
import type { SentEmail, Target, TargetName } from '../target';
import { labwrightCapabilities, LOCALSTACK_CAPABILITIES, MOTO_CAPABILITIES, UNKNOWN_CAPABILITIES, type CapabilitySet } from './capability-sets';

/** Static credentials emulators accept (they do not check signatures). */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; json?: any }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status };
  }
}

/**
 * Probes an endpoint the way architecture §1 says — `/_emulator/health`, `/_localstack/health`,
 * `/moto-api/` — and picks the matching capability profile; an unknown endpoint gets the most
 * conservative one. An endpoint that does not answer at all is a configuration error.
 */
export async function probeEndpoint(endpoint: string): Promise<CapabilitySet> {
  const base = endpoint.replace(/\/+$/, '');
  try {
    const emu = await getJson(`${base}/_emulator/health`);
    if (emu.status === 200 && emu.json?.edition === 'labwright') {
      const declared = new Set<string>(emu.json.capabilities ?? []);
      // The time profile decides the budgets: an aws-profile emulator takes AWS's delays × its scale.
      const timed = labwrightCapabilities(emu.json.profile, emu.json.timeScale);
      // An emulator started without its data plane still answers the API.
      return declared.has('flow-log-delivery') ? timed : { ...UNKNOWN_CAPABILITIES, kind: 'labwright', timeProfile: timed.timeProfile, timeScale: timed.timeScale };
    }
    const ls = await getJson(`${base}/_localstack/health`);
    if (ls.status === 200 && ls.json?.services) return LOCALSTACK_CAPABILITIES;
    const moto = await fetch(`${base}/moto-api/`, { signal: AbortSignal.timeout(5000) });
    if (moto.status === 200) return MOTO_CAPABILITIES;
    return UNKNOWN_CAPABILITIES;
  } catch (err) {
    throw new UsageError(`Cannot reach the endpoint ${endpoint} (${(err as Error).message}); start it first or check --endpoint.`);
  }
}

/** Options of an endpoint-backed target (embedded, endpoint, localstack). */
export interface EndpointTargetOptions {
  name: TargetName;
  endpoint: string;
  region: string;
  capabilitySet: CapabilitySet;
  /** Called by `close()` (the embedded target stops its emulator). */
  onClose?: () => Promise<void>;
  /** The emulator runs in this process (see Target.inProcess). */
  inProcess?: boolean;
}

/** A target reached through an AWS-compatible endpoint; emulator extras go through its control API. */
export function endpointTarget(opts: EndpointTargetOptions): Target {
  const base = opts.endpoint.replace(/\/+$/, '');
  const isLabwright = opts.capabilitySet.kind === 'labwright';
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await getJson(`${base}${path}`, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    if (res.status >= 400) throw new Error(`The emulator answered ${res.status} to ${method} ${path}: ${res.json?.error ?? 'no detail'}`);
    return res.json;
  };
  const target: Target = {
    name: opts.name,
    region: opts.region,
    endpoint: base,
    ...(opts.inProcess ? { inProcess: true } : {}),
    credentials: EMULATOR_CREDENTIALS,
    capabilities: new Set<Capability>(opts.capabilitySet.capabilities),
    capabilityGaps: opts.capabilitySet.missing,
    budgetScale: opts.capabilitySet.budgetScale,
    timeProfile: opts.capabilitySet.timeProfile,
    timeScale: opts.capabilitySet.timeScale,
    intervalsMs: [50, 100, 200, 400],
    sshTimeoutMs: isLabwright ? 1500 : 10_000,
    // The emulator holds a dropped connection silently; on loopback an answer comes within
    // milliseconds, so a short wait is enough to call it a timeout.
    sshRejectWaitMs: isLabwright ? 250 : 10_000,
    instanceAddress: async (instance, port) => {
      if (!isLabwright) throw new Error(`Instances on ${opts.capabilitySet.kind} endpoints are not reachable over the network.`);
      const ports = await control('GET', `/_emulator/instances/${encodeURIComponent(instance.instanceId)}/ports`);
      const entry = ports?.[String(port)];
      if (!entry) throw new Error(`The emulator has no port ${port} for instance ${instance.instanceId}.`);
      return { host: entry.host, port: entry.port };
    },
    clientIp: async () => (isLabwright ? (await control('GET', '/_emulator/network/client-ip')).ip : '127.0.0.1'),
    close: async () => void (await opts.onClose?.()),
  };
  if (isLabwright) {
    // AWS has no "deliver now": under the aws profile the harness waits for delivery as on AWS.
    if (opts.capabilitySet.timeProfile !== 'aws') target.flushFlowLogs = async () => void (await control('POST', '/_emulator/flow-logs/flush'));
    // Confirming is what the student does (clicking the link in the email), so every profile allows it.
    target.confirmSubscriptions = async (topicArn) => void (await control('POST', '/_emulator/sns/confirm', { topicArn }));
    target.emails = async (topicArn) => ((await control('GET', `/_emulator/sns/messages${topicArn ? `?topicArn=${encodeURIComponent(topicArn)}` : ''}`)).messages ?? []) as SentEmail[];
  }
  return target;
}
