import { registerControlRoute, type ControlRequest } from '../control/control-router';
import { faultsOf } from './fault-injector';
import { FaultSettingsError } from './settings';

const NO_FAULTS = { status: 409, json: { error: 'This emulator was started without fault injection.' } };

function view(req: ControlRequest) {
  const faults = faultsOf(req.emulator.runtime);
  return faults ? { json: { active: faults.active, settings: faults.settings, counts: { ...faults.counts } } } : NO_FAULTS;
}

/** Registers `/_emulator/faults`: GET the settings and counts, POST new settings, DELETE to clear them. */
export function registerFaultRoutes(): void {
  registerControlRoute('GET', '/_emulator/faults', view, 'fault-injection');
  registerControlRoute('POST', '/_emulator/faults', (req) => {
    const faults = faultsOf(req.emulator.runtime);
    if (!faults) return NO_FAULTS;
    try {
      faults.configure(req.body as Record<string, unknown>);
    } catch (err) {
      if (err instanceof FaultSettingsError) return { status: 400, json: { error: err.message } };
      throw err;
    }
    return view(req);
  });
  registerControlRoute('DELETE', '/_emulator/faults', (req) => {
    const faults = faultsOf(req.emulator.runtime);
    if (!faults) return NO_FAULTS;
    faults.clear();
    return view(req);
  });
}
