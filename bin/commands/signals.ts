/**
 * Runs `fn` with an AbortSignal that SIGINT and SIGTERM abort, so a run stops its waits and still
 * tears down; a second signal exits at once. `stopping` says what the first signal does.
 */
export async function withSignals<T>(fn: (signal: AbortSignal) => Promise<T>, stopping = 'stopping and tearing down'): Promise<T> {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count++;
    if (count > 1) process.exit(130);
    process.stderr.write(`\nlabwright: ${sig} received: ${stopping} (press Ctrl-C again to quit at once).\n`);
    // The reason is what the run's report says happened (run.problems): it names the signal.
    controller.abort(new Error(`Interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
