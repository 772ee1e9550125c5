// os-vif's module-level API over one default runtime instance, for callers
// that want `initialize(); plug(vif, info)` as in Python.
import type { HostInfo } from '@osvif/objects';
import { LibraryNotInitializedError } from './errors';
import { OsVifRuntime, RuntimeOptions } from './runtime';

let current: OsVifRuntime | undefined;

export async function initialize(options: RuntimeOptions = {}, reset = false): Promise<OsVifRuntime> {
  if (!current || reset) {
    await current?.close();
    current = new OsVifRuntime(options);
  }
  await current.initialize();
  return current;
}

function get(): OsVifRuntime {
  if (!current) throw new LibraryNotInitializedError();
  return current;
}

export function hostInfo(permittedVifTypes?: readonly string[]): HostInfo {
  return get().hostInfo(permittedVifTypes);
}
export function plug(vif: unknown, instanceInfo: unknown): Promise<void> {
  return get().plug(vif, instanceInfo);
}
export function unplug(vif: unknown, instanceInfo: unknown): Promise<void> {
  return get().unplug(vif, instanceInfo);
}
