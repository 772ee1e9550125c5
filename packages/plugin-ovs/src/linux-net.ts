// The kernel steps of vif_plug_ovs.linux_net, over the injected LinkApi and
// Sysctl (so tests run them inside a network namespace).
import { findLinkOfKind, hardenBridge, LinkApi, LinkExistsError, Logger, NoSuchLinkError, Sysctl } from '@osvif/sdk';
import type { LinkInfo } from '@osvif/sdk';

/** What createOrFindBridge / createOrFindVeth call back. */
export interface CreateHooks {
  /** Right after the kernel made the device(s), before anything else (so a caller can undo them). */
  readonly onCreated?: () => void;
  /**
   * When a name turned out to be taken, before the device is kept or replaced: the caller claims it again,
   * since it may have been made since the caller first looked (a VIF whose id shares the prefix, plugging
   * at the same moment). Throwing stops the creation.
   */
  readonly onTaken?: () => Promise<unknown>;
}

export class LinuxNet {
  constructor(
    private readonly links: LinkApi,
    private readonly sysctl: Sysctl,
    private readonly log: Logger,
  ) {}

  exists(dev: string): Promise<boolean> {
    return this.links.exists(dev);
  }

  /** The link of that name, or undefined. */
  get(dev: string): Promise<LinkInfo | undefined> {
    return this.links.get(dev);
  }

  /** Every link of the namespace (list and gc read their marks). */
  list(): Promise<LinkInfo[]> {
    return this.links.list();
  }

  /** Administratively up; NoSuchLinkError when absent. */
  async isUp(dev: string): Promise<boolean> {
    const link = await this.links.get(dev);
    if (!link) throw new NoSuchLinkError('get', dev, 'ENODEV', `no such device ${dev}`);
    return link.up;
  }

  /** delete_net_dev: deletes the device if present; absent or gone in between is fine (one netlink call). */
  async deleteNetDev(dev: string): Promise<boolean> {
    const removed = await this.links.deleteIfExists(dev);
    if (removed) this.log.debug('net device removed', { dev });
    return removed;
  }

  /** Several link settings in one RTM_SETLINK (nothing to do: no call). */
  async setLink(dev: string, changes: Parameters<LinkApi['set']>[1]): Promise<void> {
    if (Object.keys(changes).length) await this.links.set(dev, changes);
  }

  /** set_device_mtu: only when the device exists (os-vif tolerates a missing one). */
  async setMtu(dev: string, mtu: number): Promise<void> {
    if (!mtu) return;
    try {
      await this.links.set(dev, { mtu }); // one call: an absent device is the kernel's ENODEV, not a look first
    } catch (e) {
      if (!(e instanceof NoSuchLinkError)) throw e;
    }
  }

  /** set_interface_state, tolerating a device that is gone (os-vif's [0,2,254]). */
  async setUp(dev: string, up: boolean): Promise<void> {
    try {
      await this.links.set(dev, { up });
    } catch (e) {
      if (!(e instanceof NoSuchLinkError)) throw e;
    }
  }

  /**
   * ensure_bridge: a Linux bridge with MAC ageing 0 (live migration, bug 1715317),
   * forward delay 0, no STP, no multicast snooping; IPv6 off and ARP filtering
   * (bug 1302080); up. Returns whether it was created now.
   */
  async ensureBridge(bridge: string, onCreated?: () => void, alias?: string): Promise<boolean> {
    const created = await this.createBridgeIfAbsent(bridge, await this.getBridge(bridge), onCreated);
    await this.configureBridge(bridge, alias);
    return created;
  }

  /** The Linux bridge `bridge` if it exists; LinkKindMismatchError if the name is another kind of device. */
  getBridge(bridge: string): Promise<LinkInfo | undefined> {
    return findLinkOfKind(this.links, bridge, 'bridge');
  }

  /** First half of ensure_bridge, given what getBridge() found: creates it if absent. */
  async createBridgeIfAbsent(bridge: string, existing: LinkInfo | undefined, onCreated?: () => void): Promise<boolean> {
    if (existing) return false;
    await this.links.createBridge(bridge, { ageingTime: 0, forwardDelay: 0, stp: false, multicastSnooping: false });
    onCreated?.(); // before the next steps, so a caller can undo a half-configured bridge
    return true;
  }

  /**
   * First half of ensure_bridge without a look first: creates the bridge, and
   * only when the name is taken (EEXIST) looks at what has it (a bridge is
   * kept, anything else is LinkKindMismatchError). A fresh plug, the common
   * case, saves a round trip. Returns whether it was created now.
   */
  async createOrFindBridge(bridge: string, hooks: CreateHooks = {}): Promise<boolean> {
    const create = () => this.createBridgeIfAbsent(bridge, undefined, hooks.onCreated);
    if (await this.createIfFree(create)) return true;
    await hooks.onTaken?.();
    if (await this.getBridge(bridge)) return false;
    // Gone again between the two calls (someone else's unplug): create it after all, once.
    return this.createIfFree(create);
  }

  /**
   * create_veth_pair's creation half without a look first: creates the pair;
   * when a name is taken, an existing `b` (the OVS end) means the pair is
   * there (false: not created now), while a lone `a` left behind is replaced.
   */
  async createOrFindVeth(a: string, b: string, hooks: CreateHooks = {}): Promise<boolean> {
    const create = async (): Promise<boolean> => {
      await this.links.createVeth(a, b);
      hooks.onCreated?.();
      return true;
    };
    if (await this.createIfFree(create)) return true;
    await hooks.onTaken?.();
    if (await this.links.exists(b)) return false;
    await this.deleteNetDev(a);
    return create();
  }

  /** Runs a creation; false when the kernel says the name is taken (EEXIST). */
  private async createIfFree(create: () => Promise<boolean>): Promise<boolean> {
    try {
      return await create();
    } catch (e) {
      if (e instanceof LinkExistsError) return false;
      throw e;
    }
  }

  /**
   * Second half of ensure_bridge: the hardening sysctls (the SDK's hardenBridge),
   * then up, so IPv6 is off before the bridge ever comes up.
   */
  async configureBridge(bridge: string, alias?: string): Promise<void> {
    await hardenBridge(this.sysctl, bridge);
    await this.links.set(bridge, { up: true, ...(alias !== undefined ? { alias } : {}) });
  }

  /** delete_bridge: deletes the bridge (which releases its ports), then sets `dev` down if it remains. */
  async deleteBridge(bridge: string, dev?: string): Promise<void> {
    await this.deleteCheckedBridge(bridge, await this.getBridge(bridge), dev);
  }

  /** delete_bridge, given what getBridge() found. */
  async deleteCheckedBridge(bridge: string, existing: LinkInfo | undefined, dev?: string): Promise<void> {
    if (existing) await this.deleteNetDev(bridge);
    if (dev) await this.setUp(dev, false); // tolerates a device that is gone
  }

  /** create_tap (upstream 4.3.0 + multiqueue fix): tap, then up with the MAC, then MTU. */
  async createTap(dev: string, mtu: number, mac: string, multiqueue: boolean, alias: string): Promise<void> {
    await this.links.createTap(dev, { multiqueue });
    await this.links.set(dev, { up: true, mac, alias }); // the ownership mark in the first change after creation
    await this.setMtu(dev, mtu);
  }
}

/** What create_veth_pair gives each end: up, promiscuous (as upstream 5.0.0; 3.0.0 cleared it: differences.md D13), the MTU (one RTM_SETLINK). */
export function vethEndSettings(mtu: number): { up: true; promisc: true; mtu?: number } {
  return { up: true, promisc: true, ...(mtu ? { mtu } : {}) };
}
