// What the test kit started and a test has not stopped yet, stopped at the end of the test file: under Jest
// (when `afterAll` is a global) every test file that imports the kit gets an afterAll that disposes what is
// left; namespaces and private OVS daemons also have their own synchronous exit-time cleanup.
import { disposeAllNetns } from './netns/registry';

const live = new Set<{ dispose(): Promise<void> }>();

/** Registers a resource to dispose at the end of the test file; returns the function that unregisters it. */
export function track(resource: { dispose(): Promise<void> }): () => void {
  live.add(resource);
  return () => {
    live.delete(resource);
  };
}

/**
 * Disposes every test runtime and namespace this process started and has not disposed yet. Under Jest the
 * kit calls it after each test file; call it yourself elsewhere (a script, another test runner).
 */
export async function disposeTestResources(): Promise<void> {
  const pending = [...live];
  live.clear();
  await Promise.all(pending.map((r) => r.dispose().catch(() => undefined)));
  await disposeAllNetns();
}

declare const afterAll: ((fn: () => Promise<void>, timeout?: number) => void) | undefined;

// Registered when this module is first loaded, i.e. while the test file is being collected. Outside Jest (or
// when loaded inside a running test, where hooks cannot be added) nothing is registered.
if (typeof afterAll === 'function') {
  try {
    afterAll(disposeTestResources, 60_000);
  } catch {
    // loaded too late to add a hook: the exit-time cleanup still runs
  }
}
