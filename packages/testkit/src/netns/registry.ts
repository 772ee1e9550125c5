// Every namespace this process made, so that none outlives it: disposed by
// the test (withNetns / dispose), by disposeAllNetns() in afterAll (a test that
// timed out never reaches its finally), or at the latest when the process exits.
import { execFileSync } from 'node:child_process';

export interface Disposable {
  readonly name: string;
  /** Kills agents synchronously (process exit cannot wait). */
  killAgents(): void;
  dispose(): Promise<void>;
}

const live = new Map<string, Disposable>();
let exitHookInstalled = false;

export function register(ns: Disposable): void {
  live.set(ns.name, ns);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const n of live.values()) {
        n.killAgents();
        try {
          execFileSync('ip', ['netns', 'del', n.name], { stdio: 'ignore', timeout: 5000 });
        } catch {
          // best effort at exit; the next run's sweep removes what is left
        }
      }
    });
  }
}

export function unregister(name: string): void {
  live.delete(name);
}

/** Disposes every namespace still alive in this process (call it from afterAll). */
export async function disposeAllNetns(): Promise<void> {
  await Promise.all([...live.values()].map((n) => n.dispose()));
}

/** Names of the namespaces this process created and has not disposed yet. */
export function liveNetnsNames(): string[] {
  return [...live.keys()];
}
