// VIFHostDevice (SR-IOV VF representors). There is no SR-IOV hardware here, so
// the sysfs the plugin reads is a FAKE tree (helpers/fake-sysfs.ts, injected as
// the runtime's `sysfsRoot` host service, the SDK's SYSFS_ROOT); the representor netdevs are real (veth) links in the
// test namespace and the OVS is real. Both drivers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PlugFailedError } from '@osvif/runtime';
import { disposeAllNetns } from '@osvif/testkit';
import { PciDeviceNotFoundError, RepresentorNotFoundError } from '@osvif/plugin-ovs';
import { Sysfs } from '../src/sriov/sysfs';
import { dpdkRepresentorName } from './helpers/names';
import { DRIVERS, OvsTestEnv, startEnv } from './helpers/env';
import { buildFakeSysfs, FakeSysfs, PF_PCI, VF_NUM, VF_PCI } from './helpers/fake-sysfs';
import { ovsMarks } from './helpers/ownership';
import { hostDeviceVif, instance, INSTANCE_UUID, MAC, ovsProfile, representorProfile } from './helpers/vifs';

afterAll(disposeAllNetns);

describe('sysfs lookups on a fake tree', () => {
  let fake: FakeSysfs;
  beforeAll(() => {
    fake = buildFakeSysfs();
  });
  afterAll(() => fake.remove());

  it('finds VF number (exact address, not as a regex), PF PCI, switchdev PF netdev and the representor', async () => {
    const s = new Sysfs(fake.root);
    expect(await s.vfNumber(VF_PCI)).toBe(VF_NUM);
    expect(await s.pfPciAddress(VF_PCI)).toBe(PF_PCI);
    expect(await s.pfSwitchdevIfname(VF_PCI)).toBe(fake.pf);
    expect(await s.representor(fake.pf, VF_NUM)).toBe(fake.representor);
    expect(await s.representor(fake.pf, 0)).toBe(fake.decoys[0]);
  });

  it('typed errors for unknown devices and VFs without a representor', async () => {
    const s = new Sysfs(fake.root);
    await expect(s.vfNumber('0000:99:00.1')).rejects.toBeInstanceOf(PciDeviceNotFoundError);
    await expect(s.vfNumber('../../etc')).rejects.toBeInstanceOf(PciDeviceNotFoundError);
    await expect(s.pfSwitchdevIfname('0000:99:00.1')).rejects.toBeInstanceOf(PciDeviceNotFoundError);
    await expect(s.representor(fake.pf, 7)).rejects.toBeInstanceOf(RepresentorNotFoundError);
    await expect(s.representor('nosuchpf', 1)).rejects.toBeInstanceOf(RepresentorNotFoundError);
  });
});

describe.each(DRIVERS)('VIFHostDevice with the %s driver', (driver) => {
  let env: OvsTestEnv;
  let fake: FakeSysfs;
  beforeAll(async () => {
    env = await startEnv();
    fake = buildFakeSysfs();
    // No dummy module in this kernel: each netdev is one end of a veth pair.
    for (const name of [fake.pf, fake.representor, ...fake.decoys]) await env.ns.links.createVeth(name, `${name}-p`);
  });
  afterAll(async () => {
    fake?.remove();
    await env?.dispose();
  });

  it('system datapath: the kernel representor, set up, MTU, as a plain port; unplug removes the port and sets it down', async () => {
    const rt = await env.runtime(driver, {}, { sysfsRoot: fake.root });
    const vif = hostDeviceVif({ pci: VF_PCI, bridge: 'br-hd', mtu: 1480, profile: ovsProfile({ datapath_type: 'system' }) });
    await rt.plug(vif, instance());
    expect(await env.ns.links.get(fake.representor)).toMatchObject({ up: true, mtu: 1480 });
    expect(await env.db.getPort(fake.representor)).toMatchObject({ bridge: 'br-hd' });
    const iface = await env.db.getInterface(fake.representor);
    expect(iface).toMatchObject({ type: '' });
    expect(iface!.externalIds).toEqual({
      'iface-id': 'e65867e0-9340-4a7f-a256-09af6eb7a3aa',
      'iface-status': 'active',
      'attached-mac': MAC,
      'vm-uuid': INSTANCE_UUID,
      // osvif's ownership mark: the row is this VIF's
      'osvif-vif-id': vif.id,
      'osvif-plugin': 'ovs',
      'osvif-vif-class': 'VIFHostDevice',
    });
    expect((await env.db.getPort(fake.representor))!.externalIds).toEqual(ovsMarks(vif));
    for (const d of fake.decoys) expect(await env.db.getPort(d)).toBeUndefined();
    await rt.plug(vif, instance()); // idempotent
    expect(await env.db.listPorts('br-hd')).toEqual([fake.representor]);
    await rt.unplug(vif, instance());
    await rt.unplug(vif, instance());
    expect(await env.db.getPort(fake.representor)).toBeUndefined();
    expect(await env.ns.links.get(fake.representor)).toMatchObject({ up: false }); // kept: bound to the VF
  });

  it('netdev datapath: DPDK representor port vfr… with dpdk-devargs=<PF>,representor=[VF] and mtu_request', async () => {
    const rt = await env.runtime(driver, {}, { sysfsRoot: fake.root });
    const vif = hostDeviceVif({ pci: VF_PCI, mtu: 1500, profile: representorProfile({ datapath_type: 'netdev' }) });
    const dev = dpdkRepresentorName(vif.id);
    await rt.plug(vif, instance());
    expect(await env.db.getInterface(dev)).toMatchObject({
      type: 'dpdk',
      options: { 'dpdk-devargs': `${PF_PCI},representor=[${VF_NUM}]` },
      mtuRequest: 1500,
    });
    expect((await env.db.getInterface(dev))!.externalIds).toMatchObject(ovsMarks(vif));
    expect((await env.db.getPort(dev))!.externalIds).toEqual(ovsMarks(vif));
    await rt.unplug(vif, instance());
    expect(await env.db.getPort(dev)).toBeUndefined();
  });

  it('a VF that sysfs does not know fails the plug with PciDeviceNotFoundError before any change', async () => {
    const rt = await env.runtime(driver, {}, { sysfsRoot: fake.root });
    const vif = hostDeviceVif({ pci: '0000:99:00.1', bridge: 'br-hd-missing' });
    const err = await rt.plug(vif, instance()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlugFailedError);
    expect((err as PlugFailedError).cause).toBeInstanceOf(PciDeviceNotFoundError);
    expect(await env.db.bridgeExists('br-hd-missing')).toBe(false);
  });
});
