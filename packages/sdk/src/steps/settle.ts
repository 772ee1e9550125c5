// Running independent host steps concurrently without losing track of any.

/**
 * Waits for EVERY step, then throws the first failure (in the given order), if any. `Promise.all` would
 * reject at the first failure while the other steps still run, so a rollback started then could race them.
 */
export async function settleAll(steps: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
