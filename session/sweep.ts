import { CallRecorder } from '../aws/calls';
import { createClients, destroyClients } from '../aws/clients';
import type { AnyLab } from '../runner/lab';
import { sweep, type SweepResult } from '../runner/sweep';
import type { Target } from '../runner/target';
import { credentialProblem } from '../runner/targets/preflight';

/** Sweeps a target for what crashed runs of any of `labs` left behind (by tag, and by the labs' name prefixes). */
export async function sweepTarget(labs: AnyLab[], target: Target, o: { olderThanMs: number; dryRun: boolean; log(line: string): void; recorder?: CallRecorder }): Promise<SweepResult> {
  const clients = clientsFor(target, o.recorder);
  const hints = {
    rolePrefixes: labs.flatMap((l) => l.sweep?.rolePrefixes ?? []),
    bucketPrefixes: labs.flatMap((l) => l.sweep?.bucketPrefixes ?? []),
  };
  try {
    return await sweep(clients, { region: target.region, olderThanMs: o.olderThanMs, dryRun: o.dryRun, log: o.log, hints }).catch((err) => {
      throw credentialProblem(err, target.region) ?? err;
    });
  } finally {
    destroyClients(clients);
  }
}

function clientsFor(target: Target, recorder = new CallRecorder()) {
  // Sweep makes few calls and must not stop on a throttled burst: the SDK's defaults suffice.
  return createClients({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, awsProfile: target.awsProfile, recorder });
}
