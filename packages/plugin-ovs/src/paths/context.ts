// What every plug/unplug path gets: the OVS driver (lazy), the kernel steps,
// the port helper, the config and a logger.
import type { Logger } from '@osvif/sdk';
import type { InstanceInfo } from '@osvif/objects';
import type { OvsDriver } from '../ovsdb';
import type { OvsConfig } from '../config';
import type { LinuxNet } from '../linux-net';
import type { VifPorts } from '../ovs/vif-port';
import type { Sysfs } from '../sriov/sysfs';
import { VifFieldRequiredError } from '../errors';

export interface PathContext {
  readonly ovs: () => OvsDriver;
  readonly linux: LinuxNet;
  readonly ports: VifPorts;
  readonly config: OvsConfig;
  readonly log: Logger;
  readonly sysfs: Sysfs;
}

export function instanceUuid(info: InstanceInfo, vifId: string | undefined): string {
  const uuid = info.getIfSet('uuid');
  if (!uuid) throw new VifFieldRequiredError(vifId, 'instance_info.uuid');
  return uuid;
}

/**
 * Runs `steps`; if one throws, runs the registered undo actions (latest first)
 * so a failed plug leaves nothing it made behind, then rethrows the failure.
 */
export async function withRollback<T>(
  log: Logger,
  steps: (undo: (what: string, fn: () => Promise<unknown>) => void) => Promise<T>,
): Promise<T> {
  const undos: Array<{ what: string; fn: () => Promise<unknown> }> = [];
  try {
    return await steps((what, fn) => undos.push({ what, fn }));
  } catch (e) {
    for (const u of undos.reverse()) {
      try {
        await u.fn();
        log.debug('rolled back', { step: u.what });
      } catch (undoError) {
        log.warn('rollback step failed', { step: u.what, error: undoError instanceof Error ? undoError.message : String(undoError) });
      }
    }
    throw e;
  }
}
