// os-vif's module-level API over one default runtime instance, for callers
// that want `initialize(); plug(vif, info)` as in Python.
import type { HostInfo } from '@osvif/objects';
import { LibraryNotInitializedError } from './errors';
import { OsVifRuntime, RuntimeOptions } from './runtime';

let current: OsVifRuntime | undefined;

/** os-vif's initialize(): creates (or with `reset`, replaces) the default runtime and loads its plugins. */
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

/** os-vif's host_info(): what the default runtime's plugins consume (after initialize). */
export function hostInfo(permittedVifTypes?: readonly string[]): HostInfo {
  return get().hostInfo(permittedVifTypes);
}
/** os-vif's plug(vif, instance_info) on the default runtime (after initialize). */
export function plug(vif: unknown, instanceInfo: unknown): Promise<void> {
  return get().plug(vif, instanceInfo);
}
/** os-vif's unplug(vif, instance_info) on the default runtime (after initialize). */
export function unplug(vif: unknown, instanceInfo: unknown): Promise<void> {
  return get().unplug(vif, instanceInfo);
}
