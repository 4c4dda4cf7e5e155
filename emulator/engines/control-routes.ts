import { registerControlRoute, type ControlRequest } from '../control/control-router';
import { profileOf } from '../framework/time-profile';
import type { LabEngines } from './lab-engines';

/** The lab engines of the emulator answering a control request. */
function enginesOf(req: ControlRequest): LabEngines | undefined {
  return req.emulator.runtime.engines.get('lab') as LabEngines | undefined;
}

const NO_ENGINES = { status: 409, json: { error: 'This emulator runs without its data-plane engines (started with engines: false).' } };

/** Registers the data-plane control endpoints of architecture §6 (instances, client IP, flush). */
export function registerEngineRoutes(): void {
  registerControlRoute(
    'GET',
    '/_emulator/instances/{instanceId}/ports',
    async (req) => {
      const engines = enginesOf(req);
      if (!engines) return NO_ENGINES;
      await engines.reconcileNetwork();
      const ports = engines.network.ports(req.params.instanceId);
      if (!ports) return { status: 404, json: { error: `Instance '${req.params.instanceId}' is not running in this emulator, so it has no ports.` } };
      return { json: ports };
    },
    'instance-network',
  );
  registerControlRoute('GET', '/_emulator/network/client-ip', (req) => {
    const engines = enginesOf(req);
    return engines ? { json: { ip: engines.clientIp } } : NO_ENGINES;
  }, 'client-ip');
  registerControlRoute('POST', '/_emulator/network/client-ip', (req) => {
    const engines = enginesOf(req);
    if (!engines) return NO_ENGINES;
    const ip = (req.body as { ip?: unknown } | undefined)?.ip;
    if (typeof ip !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return { status: 400, json: { error: 'Send {"ip":"a.b.c.d"}: the public IPv4 address loopback clients should appear as.' } };
    engines.clientIp = ip;
    return { json: { ip } };
  });
  registerControlRoute(
    'POST',
    '/_emulator/flow-logs/flush',
    async (req) => {
      const engines = enginesOf(req);
      if (!engines) return NO_ENGINES;
      const { name, timeScale } = profileOf(req.emulator.runtime);
      // AWS has no "deliver now": under the aws profile records arrive on AWS's schedule only.
      if (name === 'aws') {
        return {
          status: 409,
          json: {
            error: `This emulator runs the aws profile (time scale ${timeScale}), which delivers flow logs on AWS's schedule only, so POST /_emulator/flow-logs/flush is not available. Wait for delivery, or start the emulator with --profile fast to flush on demand.`,
            profile: name,
          },
        };
      }
      return { json: { flushed: true, ...(await engines.flush()) } };
    },
    'flow-log-delivery',
  );
  registerControlRoute(
    'POST',
    '/_emulator/cloudtrail/flush',
    async (req) => {
      const engines = enginesOf(req);
      if (!engines) return NO_ENGINES;
      const trailRecords = engines.trails.deliver(true);
      engines.evaluateAlarms();
      return { json: { flushed: true, trailRecords } };
    },
    'cloudtrail-delivery',
  );
}
