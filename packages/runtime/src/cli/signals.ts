// A plug or unplug interrupted half-way would leave a VIF half-made while the caller sees a death by signal.
// While one runs, SIGTERM, SIGINT and SIGHUP are held: the operation finishes (or rolls itself back on failure),
// then the command exits with that operation's own status. Only SIGKILL can still stop it half-way.

const HELD: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** Runs fn with termination signals held; a signal received meanwhile is reported on stderr, not obeyed. */
export async function withSignalsHeld<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`osvif: ${signal} received: finishing the ${what} in progress first\n`);
  };
  for (const s of HELD) process.on(s, onSignal);
  try {
    return await fn();
  } finally {
    for (const s of HELD) process.off(s, onSignal);
  }
}
