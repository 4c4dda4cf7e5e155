import { profileOf } from '../framework/time-profile';
import { registerControlRoute } from './control-router';

/** The contract's built-in control endpoints (architecture §6): health, reset and the request log. */
export function registerBuiltinRoutes(): void {
  const health = (withCapabilities: boolean) => (req: Parameters<Parameters<typeof registerControlRoute>[2]>[0]) => {
    const services = Object.fromEntries(req.emulator.services.map((s) => [s, 'running']));
    const { name, timeScale } = profileOf(req.emulator.runtime);
    // The profile and scale tell a harness how long AWS's delays take here (budgets = AWS's × timeScale).
    const json: Record<string, unknown> = { services, edition: 'labwright', version: req.emulator.version, profile: name, timeScale };
    if (withCapabilities) json.capabilities = req.emulator.capabilities();
    return { json };
  };
  registerControlRoute('GET', '/_localstack/health', health(false));
  registerControlRoute('GET', '/_emulator/health', health(true), 'health');
  registerControlRoute(
    'POST',
    '/_emulator/reset',
    (req) => {
      req.emulator.reset();
      return { json: { reset: true } };
    },
    'reset',
  );
  registerControlRoute('GET', '/_emulator/requests', (req) => ({ json: req.emulator.requests() }), 'request-log');
}
