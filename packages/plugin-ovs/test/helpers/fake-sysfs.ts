// A FAKE sysfs tree for the SR-IOV lookups (there is no SR-IOV NIC on this host):
// the same links and attribute files a switchdev NIC exposes under /sys, built in
// a temp dir given to the plugin as SYSFS_ROOT (the runtime's `services.sysfsRoot`;
// the CLI suite mounts it over /sys in a private mount namespace instead).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PF_PCI = '0000:81:00.0';
export const VF_PCI = '0000:81:00.3';
export const VF_NUM = 1;
export const SWITCH_ID = '5254001234ab';

export interface FakeSysfs {
  readonly root: string;
  /** Netdev names that exist in sysfs; the test creates them as real links in its netns too. */
  readonly pf: string;
  readonly representor: string;
  readonly decoys: readonly string[];
  remove(): void;
}

/**
 * PF 0000:81:00.0 (netdev `pf0uplink`, phys_port_name p0) with VFs:
 *  virtfn0 -> 0000:81:0003  (decoy: matches VF_PCI only if the address were used as a regex, differences.md D19)
 *  virtfn1 -> 0000:81:00.3  (our VF, number 1)
 * Representors on the same switch: `rep0vf0` (pf0vf0), `rep0vf1` (pf0vf1, ours), `rep1vf1` (pf1vf1: other PF),
 * and `repother` (pf0vf1 on ANOTHER switch id).
 */
export function buildFakeSysfs(prefix = ''): FakeSysfs {
  const root = mkdtempSync(join(tmpdir(), 'osvif-sysfs-'));
  const dev = (pci: string): string => join(root, 'bus', 'pci', 'devices', pci);
  const net = (name: string): string => join(root, 'class', 'net', name);
  const names = {
    pf: `${prefix}pf0uplink`,
    rep: `${prefix}rep0vf1`,
    d0: `${prefix}rep0vf0`,
    d1: `${prefix}rep1vf1`,
    d2: `${prefix}repother`,
  };
  mkdirSync(join(dev(PF_PCI), 'net', names.pf), { recursive: true });
  mkdirSync(dev(VF_PCI), { recursive: true });
  mkdirSync(dev('0000:81:0003'), { recursive: true });
  symlinkSync('../0000:81:0003', join(dev(PF_PCI), 'virtfn0'));
  symlinkSync(`../${VF_PCI}`, join(dev(PF_PCI), 'virtfn1'));
  symlinkSync(`../${PF_PCI}`, join(dev(VF_PCI), 'physfn'));
  symlinkSync(`../${PF_PCI}`, join(dev('0000:81:0003'), 'physfn'));
  const netdev = (name: string, switchId: string, portName: string, pci?: string): void => {
    mkdirSync(net(name), { recursive: true });
    writeFileSync(join(net(name), 'phys_switch_id'), `${switchId}\n`);
    writeFileSync(join(net(name), 'phys_port_name'), `${portName}\n`);
    symlinkSync(join(root, 'class', 'net'), join(net(name), 'subsystem'));
    if (pci) symlinkSync(`../../../bus/pci/devices/${pci}`, join(net(name), 'device'));
  };
  netdev(names.pf, SWITCH_ID, 'p0', PF_PCI);
  netdev(names.d0, SWITCH_ID, 'pf0vf0');
  netdev(names.rep, SWITCH_ID, 'pf0vf1');
  netdev(names.d1, SWITCH_ID, 'pf1vf1');
  netdev(names.d2, 'ffff00000000', 'pf0vf1');
  return {
    root,
    pf: names.pf,
    representor: names.rep,
    decoys: [names.d0, names.d1, names.d2],
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
