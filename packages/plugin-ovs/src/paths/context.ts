// What every plug/unplug path gets: the OVS driver (lazy), the kernel steps,
// the port helper, the config, a logger, the sysfs reader and the ownership guard.
import type { Logger } from '@osvif/sdk';
import type { OvsDriver } from '../ovsdb';
import type { OvsConfig } from '../config';
import type { LinuxNet } from '../linux-net';
import type { VifPorts } from '../ovs/vif-port';
import type { OvsPlugPlan, OvsUnplugPlan } from '../plan';
import type { OwnershipGuard } from '../ownership/guard';
import type { Sysfs } from '../sriov/sysfs';

export interface PathContext {
  readonly ovs: () => OvsDriver;
  readonly linux: LinuxNet;
  readonly ports: VifPorts;
  readonly config: OvsConfig;
  readonly log: Logger;
  readonly sysfs: Sysfs;
  readonly guard: OwnershipGuard;
}

/** The VIF's OVS bridge, ensured: created with its datapath, or used as it is when the VIF named none (D56). */
export function ensureVifBridge(ctx: PathContext, plan: OvsPlugPlan | OvsUnplugPlan): Promise<void> {
  return ctx.ovs().ensureBridge(plan.bridge, plan.datapath, { keepExisting: !plan.datapathGiven });
}
