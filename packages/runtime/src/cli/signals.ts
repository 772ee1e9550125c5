// A plug or unplug interrupted half-way would leave a VIF half-made while the caller sees a death by signal.
// Once one starts, SIGTERM, SIGINT and SIGHUP are held for the rest of the command: the operation finishes (or
// rolls itself back on failure), the runtime closes, and the command exits with the operation's own status.
// Only SIGKILL can still stop it half-way. (Signal listeners do not keep the process alive.)

const HELD: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** From now until the process exits, a termination signal is reported on stderr, not obeyed. */
export function holdTerminationSignals(what: string): void {
  for (const s of HELD) {
    process.on(s, (signal: NodeJS.Signals) => {
      process.stderr.write(`osvif: ${signal} received: finishing the ${what} in progress first\n`);
    });
  }
}
