// os-vif's BaseOVS create_ovs_vif_port / delete_ovs_vif_port at upstream HEAD:
// the port, its external_ids, the dead VLAN, the default QoS row and the MTU,
// written as ONE OVSDB transaction through the OvsDriver.
import { ForeignResourceError, OVS_MARK_KEYS, readOvsMark, settleAll, UndoStack } from '@osvif/sdk';
import type { Logger } from '@osvif/sdk';
import { OvsNameInUseError, OvsPortOnOtherBridgeError } from '../ovsdb/errors';
import type { OvsDriver, PortSpec, StringMap } from '../ovsdb';
import type { OvsConfig } from '../config';
import type { LinuxNet } from '../linux-net';
import { DATAPATH_SYSTEM, DEAD_VLAN, DPDK_TYPE, isTrunkBridge, VHOSTUSER_CLIENT_TYPE, VHOSTUSER_TYPE } from '../naming';

/** Interface types whose MTU OVS sets (mtu_request) instead of the kernel. */
const MTU_REQUEST_TYPES = new Set([VHOSTUSER_TYPE, VHOSTUSER_CLIENT_TYPE, DPDK_TYPE]);

export interface VifPortSpec {
  readonly bridge: string;
  readonly dev: string;
  /** Interface external_ids (iface-id, iface-status, attached-mac, vm-uuid); omitted = set_ids False. */
  readonly ids?: { readonly ifaceId: string; readonly mac: string; readonly instanceUuid: string };
  readonly mtu: number;
  /** osvif's ownership mark (ownership/ident rowMark): on the Port, its Interface and its QoS row, in the same transaction. */
  readonly mark?: Readonly<Record<string, string>>;
  /** Datapath of the VIF: QoS rows only for `system` (tc qdiscs exist only there). */
  readonly datapathType: string;
  readonly interfaceType?: string;
  readonly options?: StringMap;
  /** false: the caller already gave the kernel device its MTU (hybrid veth ends), or found no device (D61): skip that step. */
  readonly setKernelMtu?: boolean;
  /** Create/update the bridge with this datapath_type in the same transaction (vhost-user). */
  readonly bridgeDatapathType?: string;
  /** With bridgeDatapathType: the VIF named no datapath, so an existing bridge is used as it is. */
  readonly keepExistingBridge?: boolean;
}

export class VifPorts {
  constructor(
    private readonly ovs: () => OvsDriver,
    private readonly linux: LinuxNet,
    private readonly config: OvsConfig,
    private readonly log: Logger,
  ) {}

  /** Creates (or updates) the port; returns true when the port did not exist before. */
  async create(spec: VifPortSpec): Promise<boolean> {
    const ovs = this.ovs();
    const { bridge, dev } = spec;
    // Isolation and QoS are for NEW ports only (upstream 0a0dec3, c0d101a/1c0a741):
    // re-plugging a live port must not push it into the dead VLAN.
    const isNew = !(await ovs.portExists(dev, bridge));
    const port: { -readonly [K in keyof PortSpec]: PortSpec[K] } = { bridge, name: dev };
    if (spec.bridgeDatapathType) port.bridgeDatapathType = spec.bridgeDatapathType;
    if (spec.keepExistingBridge) port.keepExistingBridge = true;
    if (this.config.isolate_vif && isNew && !isTrunkBridge(bridge)) {
      // Neutron's dead VLAN (upstream 99814b2): tag + trunk mode + trunks, never on trunk bridges.
      port.tag = DEAD_VLAN;
      port.vlanMode = 'trunk';
      port.trunks = [DEAD_VLAN];
    }
    if (spec.datapathType === DATAPATH_SYSTEM && isNew) {
      const externalIds = qosIds(dev, this.config.default_qos_type);
      await ovs.destroyQos({ id: externalIds.id });
      port.qos = { type: this.config.default_qos_type, externalIds: { ...externalIds, ...spec.mark } };
    }
    if (spec.ids) {
      port.externalIds = {
        'iface-id': spec.ids.ifaceId,
        'iface-status': 'active',
        'attached-mac': spec.ids.mac,
        'vm-uuid': spec.ids.instanceUuid,
        ...(isTrunkBridge(bridge) ? { bridge_name: bridge } : {}),
        ...spec.mark,
      };
    } else if (spec.mark) {
      port.externalIds = spec.mark;
    }
    if (spec.mark) port.portExternalIds = spec.mark;
    if (spec.interfaceType) port.interfaceType = spec.interfaceType;
    if (spec.options) port.options = spec.options;
    let kernelMtu = false;
    if (spec.mtu) {
      if (spec.interfaceType && MTU_REQUEST_TYPES.has(spec.interfaceType)) {
        // In the port transaction, so DPDK never sizes a mempool for the default MTU (bug 1959586).
        if (await this.supportsMtuRequest()) port.mtuRequest = spec.mtu;
        else this.log.debug('OVS has no Interface.mtu_request; MTU not set', { dev, interface_type: spec.interfaceType });
      } else {
        kernelMtu = spec.setKernelMtu !== false;
      }
    }
    this.log.debug('adding OVS port', { bridge, dev, new: isNew, tag: port.tag, qos: port.qos?.type });
    // The device's MTU (os-vif: after the port) and the port row are independent: set together.
    const [row, mtu] = await Promise.allSettled([
      this.write(port, isNew, spec.mark),
      kernelMtu ? this.linux.setMtu(dev, spec.mtu!) : undefined,
    ]);
    if (mtu.status === 'rejected') {
      // The caller only takes back a port it was told about: a row made now goes here.
      const undo = new UndoStack(this.log);
      if (row.status === 'fulfilled' && isNew) undo.push(`OVS port ${dev}`, () => this.delete(bridge, dev, { deleteNetdev: false }));
      await undo.rollback(mtu.reason);
      throw mtu.reason;
    }
    if (row.status === 'rejected') {
      // (By code: @osvif/ovsdb stays out of cold start.) A timeout says nothing of the commit: the row may be there. Take it back if the server answers now;
      // if not, it carries the VIF's mark (same transaction), so gc finds and removes it.
      if (isNew && (row.reason as { code?: unknown } | undefined)?.code === 'OVSDB_TIMEOUT') await this.takeBack(bridge, dev);
      throw row.reason;
    }
    return isNew;
  }

  /**
   * Writes the row. A port the caller found absent must still be absent (mustBeNew): one made since then by
   * another VIF (ids sharing their first 11 characters, plugging at the same moment) is not taken over. If it
   * carries this VIF's own mark (our write committed, then was sent again after a reconnect) it is updated.
   */
  private async write(port: PortSpec, isNew: boolean, mark: Readonly<Record<string, string>> | undefined): Promise<void> {
    const ovs = this.ovs();
    const vifId = mark?.[OVS_MARK_KEYS.vifId];
    if (vifId === undefined) return ovs.addOrUpdatePort(port);
    if (!isNew) {
      // Made since the caller's claim found it absent, by a VIF plugging at the same moment: its mark says so.
      const owner = readOvsMark((await ovs.interfaceExternalIds(port.name)) ?? {});
      if (owner && owner.vifId !== vifId)
        throw new ForeignResourceError(vifId, 'ovs-port', port.name, `marked for VIF ${owner.vifId} by plugin ${owner.plugin}`);
      return ovs.addOrUpdatePort(port);
    }
    try {
      await ovs.addOrUpdatePort({ ...port, mustBeNew: true });
    } catch (e) {
      if (!(e instanceof OvsNameInUseError)) throw e;
      // On another bridge: there before the caller looked (it looked on this bridge), refused as --may-exist would.
      const where = (await ovs.getPort(port.name))?.bridge;
      if (where !== undefined && where !== port.bridge)
        throw new OvsPortOnOtherBridgeError('addOrUpdatePort', `${port.name} is attached to bridge ${where}, not ${port.bridge}`);
      const row = await ovs.getInterface(port.name);
      const owner = row ? readOvsMark(row.externalIds) : undefined;
      if (owner?.vifId !== vifId) {
        const whose = owner ? `marked for VIF ${owner.vifId} by plugin ${owner.plugin}` : 'made by another writer meanwhile';
        throw new ForeignResourceError(vifId, 'ovs-port', port.name, whose);
      }
      // Ours already: update it, without what only a new port gets (dead VLAN, a second QoS row).
      const { tag: _tag, vlanMode: _mode, trunks: _trunks, qos: _qos, ...update } = port;
      await ovs.addOrUpdatePort(update);
    }
  }

  /** After a timed-out write: removes the port if it was committed, logging (not throwing) when that fails too. */
  private async takeBack(bridge: string, dev: string): Promise<void> {
    try {
      await this.delete(bridge, dev, { deleteNetdev: false });
      this.log.warn('OVS port write timed out; port taken back', { bridge, dev });
    } catch (e) {
      this.log.warn('OVS port write timed out and taking the port back was not confirmed; a row left is marked for gc', {
        bridge,
        dev,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  /** Asked once per plugin (3.0.0 listed every Interface row on each vhost-user plug: differences.md D17); failures are not cached. */
  private mtuRequestColumn: boolean | undefined;
  private async supportsMtuRequest(): Promise<boolean> {
    this.mtuRequestColumn ??= await this.ovs().hasColumn('Interface', 'mtu_request');
    return this.mtuRequestColumn;
  }

  /**
   * Removes the port (if on that bridge), its QoS row (by identity, whatever
   * qos type was configured when it was made) and, unless told not to, the netdev.
   */
  async delete(bridge: string | undefined, dev: string, options: { deleteNetdev?: boolean } = {}): Promise<void> {
    const ovs = this.ovs();
    this.log.debug('deleting OVS port', { bridge, dev });
    const removePort = async (): Promise<void> => {
      await ovs.deletePort(bridge, dev);
      await ovs.destroyQos({ id: qosIds(dev, this.config.default_qos_type).id });
    };
    if (options.deleteNetdev === false) return removePort();
    // The row and the kernel device are independent, so they go at the same
    // time (os-vif: one after the other), unless the port sits on another
    // bridge: then deletePort fails and the device, that port's, must stay.
    // The native driver knows that from its cache; vsctl would pay two more
    // ovs-vsctl runs to ask, so there the steps stay in order.
    if (ovs.kind === 'native' && !(await this.onOtherBridge(ovs, bridge, dev))) {
      await settleAll([removePort(), this.linux.deleteNetDev(dev)]);
      return;
    }
    await removePort();
    await this.linux.deleteNetDev(dev);
  }

  private async onOtherBridge(ovs: OvsDriver, bridge: string | undefined, dev: string): Promise<boolean> {
    return bridge !== undefined && (await ovs.portExists(dev)) && !(await ovs.portExists(dev, bridge));
  }

  /** Unplug of a VIF on a trunk bridge: the tbr- bridge goes once no port is left on it. */
  async deleteBridgeIfTrunk(bridge: string): Promise<void> {
    if (!isTrunkBridge(bridge)) return;
    const ovs = this.ovs();
    if (!(await ovs.bridgeExists(bridge))) return;
    const left = await ovs.listPorts(bridge);
    if (left.length === 0) await ovs.deleteBridge(bridge);
    else this.log.debug('trunk bridge still has ports; kept', { bridge, ports: left });
  }
}

let ovsdbModule: typeof import('../ovsdb/qos') | undefined;

/** uuid5 identity of a port's QoS row (required lazily: @osvif/ovsdb stays out of cold start). */
function qosIds(dev: string, qosType: string): { id: string; _type: string } {
  // Kept after the first call: require() resolves the path again each time (stat calls on every unplug).
  ovsdbModule ??= require('../ovsdb/qos') as typeof import('../ovsdb/qos');
  return ovsdbModule.qosExternalIds(dev, qosType);
}
