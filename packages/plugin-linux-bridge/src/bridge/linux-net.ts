// os-vif's vif_plug_linux_bridge.linux_net: the bridge, the VLAN device, the
// address move and the FORWARD filtering, each step checked up front and
// undone if a later one fails.
import { findLinkOfKind, hardenBridge, linkMark, LinkApi, LinkInfo, LockService, Logger, Sysctl, UndoStack, withUndo } from '@osvif/sdk';
import { MtuOutOfRangeError, PhysicalInterfaceNotFoundError } from '../errors';
import type { IptablesManager } from '../iptables/manager';
import type { NamedInterface, PlugPlan } from '../plan';
import { IpCommand, Ipv4Address, ViaRoute } from './ip-command';

/** os-vif's external lock names (oslo lockutils), kept so that logs and operators recognise them. */
export const BRIDGE_LOCK = 'nova-lock_bridge';
export const VLAN_LOCK = 'nova-lock_vlan';

/** os-vif ip.add(br, 'bridge'): forward delay 0, STP off, multicast snooping off; kernel ageing. */
export const BRIDGE_OPTIONS = { forwardDelay: 0, stp: false, multicastSnooping: false } as const;

/**
 * The mark of a device made for a network (docs/ownership.md): the bridge and its VLAN device are shared by every
 * VIF of the network, so they are marked as the network's (named by its bridge), not a VIF's, and gc never
 * collects them.
 */
export function networkMark(bridge: string): string {
  return linkMark('linux_bridge', `network:${bridge}`);
}

export interface LinuxNetDeps {
  readonly links: LinkApi;
  readonly sysctl: Sysctl;
  readonly locks: LockService;
  readonly ip: IpCommand;
  /** Created on first use (the FORWARD rules are the only iptables work). */
  readonly iptables: () => IptablesManager;
  readonly log: Logger;
}

type FlatPlan = Extract<PlugPlan, { kind: 'flat' }>;
type VlanPlan = Extract<PlugPlan, { kind: 'vlan' }>;

export class LinuxNet {
  constructor(private readonly d: LinuxNetDeps) {}

  /** Flat network: ensure_bridge(bridge, iface, filtering=not has_traffic_filtering, mtu). */
  async ensureFlatBridge(plan: FlatPlan): Promise<void> {
    await this.d.locks.withLock(BRIDGE_LOCK, async () => {
      // Read-only checks first: nothing changes unless every one passes.
      await this.checkBridgeSlot(plan.bridge);
      if (plan.iface) await this.checkInterface(plan.iface, plan.mtu);
      await withUndo(this.d.log, async (undo) => {
        await this.ensureBridgeDevice(plan.bridge, undo);
        if (plan.iface) await this.attachInterface(plan.bridge, plan.iface.name, plan.mtu, undo);
        if (plan.filtering) await this.ensureFiltering(plan.bridge, true);
      });
    });
  }

  /**
   * VLAN network: what ensure_vlan_bridge meant to do (differences.md D10: os-vif crashes
   * with a TypeError after creating the VLAN device). The VLAN device is made
   * first, so an unsupported kernel fails before anything else exists.
   */
  async ensureVlanBridge(plan: VlanPlan): Promise<void> {
    await this.d.locks.withLock(VLAN_LOCK, async () => {
      await this.d.locks.withLock(BRIDGE_LOCK, async () => {
        const parent = await this.checkInterface(plan.parent, undefined);
        if (plan.mtu !== undefined && plan.mtu > parent.mtu) {
          // A VLAN device cannot be larger than its parent (vlan_dev_change_mtu: ERANGE).
          throw new MtuOutOfRangeError(plan.vlanDevice, plan.mtu, 68, parent.mtu);
        }
        const existingVlan = await findLinkOfKind(this.d.links, plan.vlanDevice, 'vlan');
        await this.checkBridgeSlot(plan.bridge);
        await withUndo(this.d.log, async (undo) => {
          if (!existingVlan) {
            this.d.log.debug('creating VLAN interface', { ifname: plan.vlanDevice, parent: plan.parent.name, vlan: plan.vlanId });
            await this.d.links.createVlan(plan.vlanDevice, plan.parent.name, plan.vlanId);
            undo.push(`create ${plan.vlanDevice}`, () => this.d.links.delete(plan.vlanDevice));
            await this.d.links.set(plan.vlanDevice, { up: true, alias: networkMark(plan.bridge) });
          }
          // os-vif's comment says "set mtu every time", its code only on creation: we do it every time.
          if (plan.mtu !== undefined) await this.setMtu(plan.vlanDevice, plan.mtu, undo);
          await this.ensureBridgeDevice(plan.bridge, undo);
          await this.attachInterface(plan.bridge, plan.vlanDevice, plan.mtu, undo);
          // os-vif: _ensure_bridge_filtering(bridge, None), i.e. not a gateway.
          if (plan.filtering) await this.ensureFiltering(plan.bridge, false);
        });
      });
    });
  }

  /** The bridge name is free or already a bridge. */
  private async checkBridgeSlot(bridge: string): Promise<void> {
    await findLinkOfKind(this.d.links, bridge, 'bridge');
  }

  /** The interface exists and takes the MTU. */
  private async checkInterface(iface: NamedInterface, mtu: number | undefined): Promise<LinkInfo> {
    const link = await this.d.links.get(iface.name);
    if (!link) throw new PhysicalInterfaceNotFoundError(iface.name, iface.source);
    if (mtu !== undefined) {
      const details = await this.d.ip.linkDetails(iface.name);
      const min = details?.minMtu ?? 68;
      // max_mtu 0 means "no limit" (e.g. dummy).
      const max = details?.maxMtu ? details.maxMtu : undefined;
      if (mtu < min || (max !== undefined && mtu > max)) throw new MtuOutOfRangeError(iface.name, mtu, min, max);
    }
    return link;
  }

  /** _ensure_bridge_privileged step 1: create, disable IPv6, ARP filtering, up. Nothing when it exists. */
  private async ensureBridgeDevice(bridge: string, undo: UndoStack): Promise<void> {
    if (await this.d.links.exists(bridge)) return;
    this.d.log.debug('creating bridge', { bridge });
    await this.d.links.createBridge(bridge, BRIDGE_OPTIONS);
    undo.push(`create ${bridge}`, () => this.d.links.delete(bridge));
    // IPv6 off (bug 1302080), arp_ignore/arp_announce: the SDK's hardenBridge, as the ovs plugin does.
    await hardenBridge(this.d.sysctl, bridge);
    await this.d.links.set(bridge, { up: true, alias: networkMark(bridge) });
  }

  /**
   * _ensure_bridge_privileged step 2: enslave and up the interface, its MTU,
   * move its global IPv4 addresses and via-routes to the bridge, then the
   * bridge MTU (only possible once it has a port: LP bug 1399064).
   */
  private async attachInterface(bridge: string, iface: string, mtu: number | undefined, undo: UndoStack): Promise<void> {
    const before = await this.d.links.get(iface);
    if (!before) throw new PhysicalInterfaceNotFoundError(iface, 'bridge port');
    this.d.log.debug('adding interface to bridge', { bridge, iface });
    await this.d.links.set(iface, { master: bridge, up: true });
    if (before.master !== bridge || !before.up) {
      undo.push(`enslave ${iface} to ${bridge}`, () => this.d.links.set(iface, { master: before.master ?? null, up: before.up }));
    }
    if (mtu !== undefined) await this.setMtu(iface, mtu, undo);
    await this.moveAddressesAndRoutes(iface, bridge, undo);
    if (mtu !== undefined) await this.setMtu(bridge, mtu, undo);
  }

  private async setMtu(dev: string, mtu: number, undo: UndoStack): Promise<void> {
    const before = await this.d.links.get(dev);
    // Set even when equal, as os-vif: on a bridge an explicit MTU stops it following its ports.
    await this.d.links.set(dev, { mtu });
    if (before && before.mtu !== mtu) undo.push(`mtu ${dev}`, () => this.d.links.set(dev, { mtu: before.mtu }));
  }

  /**
   * os-vif _update_bridge_routes, with differences.md D20 fixed: secondary (and dynamic)
   * addresses move too (os-vif skips them, and deleting the primary silently
   * drops them), and the saved routes are re-added explicitly on the bridge.
   */
  private async moveAddressesAndRoutes(iface: string, bridge: string, undo: UndoStack): Promise<void> {
    const routes = await this.d.ip.viaRoutes(iface);
    const addresses = await this.d.ip.globalIpv4Addresses(iface);
    if (routes.length === 0 && addresses.length === 0) return;
    this.d.log.debug('moving addresses and routes to the bridge', {
      iface,
      bridge,
      addresses: addresses.map(cidr),
      routes: routes.map((r) => r.dst),
    });
    for (const r of routes) {
      await this.d.ip.deleteRoute(iface, r);
      undo.push(`route ${r.dst} off ${iface}`, () => this.restoreRoute(iface, r));
    }
    // Secondaries after their primary, so that each keeps its role on the bridge.
    for (const a of addresses) {
      await this.d.ip.addAddress(bridge, a);
      undo.push(`address ${cidr(a)} on ${bridge}`, () => this.d.ip.deleteAddress(bridge, a).catch(() => undefined));
    }
    // Secondaries first: deleting a primary takes its secondaries with it.
    for (const a of [...addresses].reverse()) {
      await this.d.ip.deleteAddress(iface, a);
      undo.push(`address ${cidr(a)} off ${iface}`, () => this.d.ip.addAddress(iface, a));
    }
    for (const r of routes) {
      await this.d.ip.addRoute(bridge, r);
      undo.push(`route ${r.dst} on ${bridge}`, () => this.d.ip.deleteRoute(bridge, r));
    }
  }

  private async restoreRoute(iface: string, r: ViaRoute): Promise<void> {
    await this.d.ip.addRoute(iface, r);
  }

  /** _ensure_bridge_filtering: the FORWARD rules, applied at once. */
  private async ensureFiltering(bridge: string, gateway: boolean): Promise<void> {
    const { result } = await this.d.iptables().ensureBridgeFiltering(bridge, gateway);
    this.d.log.debug('bridge filtering ensured', { bridge, gateway, restored: result.restored });
  }
}

function cidr(a: Ipv4Address): string {
  return `${a.local}/${a.prefixlen}`;
}
