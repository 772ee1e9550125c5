// SR-IOV lookups of vif_plug_ovs.linux_net, reading sysfs under the host's
// SYSFS_ROOT (`/sys`; tests inject a fake tree, there is no SR-IOV hardware here). Exact PCI address matching (os-vif used the address as
// a regex: differences.md D19) and no blanket error swallowing.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PciDeviceNotFoundError, RepresentorNotFoundError } from '../errors';

const VIRTFN = /^virtfn(\d+)$/;
const INT_PORT = /^(\d+)$/;
const VF_PORT = /vf(\d+)/i;
const PF_PORT = /pf(\d+)/i;
const UPLINK_PORT = /p(\d+)/i;
const PCI_FUNC = /\.(\d+)$/;

export class Sysfs {
  constructor(readonly root: string) {}

  private pciDevice(pci: string, ...rest: string[]): string {
    if (!/^[0-9a-fA-F:.]+$/.test(pci)) throw new PciDeviceNotFoundError(pci, 'not a PCI address');
    return join(this.root, 'bus', 'pci', 'devices', pci, ...rest);
  }

  private netPath(ifname: string, ...rest: string[]): string {
    return join(this.root, 'class', 'net', ifname, ...rest);
  }

  /** get_vf_num_by_pci_address: the N of the PF's virtfnN link that points at this VF. */
  async vfNumber(pci: string): Promise<number> {
    const physfn = this.pciDevice(pci, 'physfn');
    let entries: string[];
    try {
      entries = await readdir(physfn);
    } catch (e) {
      throw new PciDeviceNotFoundError(pci, `cannot list ${physfn}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    for (const entry of entries.sort()) {
      const m = VIRTFN.exec(entry);
      if (!m) continue;
      const target = await readlink(join(physfn, entry)).catch(() => undefined);
      if (target !== undefined && basename(target) === pci) return Number(m[1]);
    }
    throw new PciDeviceNotFoundError(pci, `no virtfn link of its PF points at it`);
  }

  /** get_pf_pci_from_vf. */
  async pfPciAddress(vfPci: string): Promise<string> {
    try {
      return basename(await readlink(this.pciDevice(vfPci, 'physfn')));
    } catch (e) {
      if (e instanceof PciDeviceNotFoundError) throw e;
      throw new PciDeviceNotFoundError(vfPci, `no physfn link: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }

  /**
   * get_ifname_by_pci_address(pf_interface=True, switchdev=True): the PF's
   * switchdev netdev, preferring the uplink (phys_port_name p<N>).
   */
  async pfSwitchdevIfname(vfPci: string): Promise<string> {
    const dir = this.pciDevice(vfPci, 'physfn', 'net');
    let netdevs: string[];
    try {
      netdevs = (await readdir(dir)).sort();
    } catch (e) {
      throw new PciDeviceNotFoundError(vfPci, `cannot list ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    let fallback: string | undefined;
    for (const netdev of netdevs) {
      if (!(await this.switchId(netdev))) continue;
      fallback ??= netdev;
      const portName = await this.physPortName(netdev);
      if (portName !== undefined && UPLINK_PORT.test(portName)) return netdev;
    }
    if (fallback !== undefined) return fallback;
    throw new PciDeviceNotFoundError(vfPci, 'its PF has no switchdev netdev');
  }

  /** get_representor_port: the netdev on the PF's switch whose phys_port_name names this VF (and PF). */
  async representor(pfIfname: string, vfNum: number): Promise<string> {
    const pfSwitch = await this.switchId(pfIfname);
    if (!pfSwitch) throw new RepresentorNotFoundError(pfIfname, vfNum, 'PF has no phys_switch_id');
    let candidates: string[];
    try {
      candidates = (await readdir(this.netPath(pfIfname, 'subsystem'))).sort();
    } catch (e) {
      throw new RepresentorNotFoundError(pfIfname, vfNum, `cannot list its subsystem: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const pfFunc = await this.pciFunction(pfIfname);
    if (pfFunc === undefined) throw new RepresentorNotFoundError(pfIfname, vfNum, 'PF PCI function unknown');
    for (const dev of candidates) {
      if ((await this.switchId(dev)) !== pfSwitch) continue;
      const portName = await this.physPortName(dev);
      if (portName === undefined) continue;
      const pf = PF_PORT.exec(portName);
      if (pf && Number(pf[1]) !== pfFunc) continue;
      const vf = INT_PORT.exec(portName) ?? VF_PORT.exec(portName);
      if (vf && Number(vf[1]) === vfNum) return dev;
    }
    throw new RepresentorNotFoundError(pfIfname, vfNum, 'no netdev on its switch has that VF number');
  }

  private async switchId(ifname: string): Promise<string | undefined> {
    return (await this.readTrimmed(this.netPath(ifname, 'phys_switch_id'))) || undefined;
  }

  private physPortName(ifname: string): Promise<string | undefined> {
    return this.readTrimmed(this.netPath(ifname, 'phys_port_name'));
  }

  /** PCI function number of a netdev's device (digits after the last '.' of its address). */
  private async pciFunction(ifname: string): Promise<number | undefined> {
    const target = await readlink(this.netPath(ifname, 'device')).catch(() => undefined);
    const m = target === undefined ? null : PCI_FUNC.exec(basename(target));
    return m ? Number(m[1]) : undefined;
  }

  private async readTrimmed(path: string): Promise<string | undefined> {
    try {
      return (await readFile(path, 'utf8')).trim();
    } catch {
      return undefined; // unreadable attribute (e.g. EOPNOTSUPP on non-switchdev netdevs)
    }
  }
}
