/** The embedded AWS emulator: start it, extend its control API. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';
export { registerControlRoute, type ControlHandler, type ControlRequest, type ControlResponse } from './control/control-router';
export { AwsError, type EmulatorRuntime, type RequestContext, type ServiceProvider, type ServiceName } from './framework/types';
export type { FaultSettings } from './faults/settings';
export { timeProfile, type ProfileName, type TimeProfile } from './framework/time-profile';
