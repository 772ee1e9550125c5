// What every plug/unplug path gets: the OVS driver (lazy), the kernel steps,
// the port helper, the config, a logger and the sysfs reader.
import type { Logger } from '@osvif/sdk';
import type { OvsDriver } from '../ovsdb';
import type { OvsConfig } from '../config';
import type { LinuxNet } from '../linux-net';
import type { VifPorts } from '../ovs/vif-port';
import type { Sysfs } from '../sriov/sysfs';

export interface PathContext {
  readonly ovs: () => OvsDriver;
  readonly linux: LinuxNet;
  readonly ports: VifPorts;
  readonly config: OvsConfig;
  readonly log: Logger;
  readonly sysfs: Sysfs;
}
