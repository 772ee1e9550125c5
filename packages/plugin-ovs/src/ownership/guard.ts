// Before a plug or unplug changes anything, every existing device and OVS port its plan names must be this
// VIF's (docs/ownership.md): marked for it, or unmarked but identified the way os-vif identifies its own (the
// OVS row's iface-id and attached-mac are this VIF's), or a tap the hypervisor made for it. Anything else is a
// ForeignResourceError, and nothing has changed.
import { ForeignResourceError, readLinkMark, readOvsMark } from '@osvif/sdk';
import type { LinkApi } from '@osvif/sdk';
import { portName } from '../naming';
import type { OvsDriver } from '../ovsdb';
import type { VifIdent } from './ident';

/** How a resource was found to be the VIF's ('absent': nothing there yet). */
export type Claim = 'absent' | 'mark' | 'os-vif' | 'hypervisor';

/** What else may make an unmarked device this VIF's. */
export interface LinkClaimOptions {
  /**
   * An unmarked tap (tun) named as Nova names the VIF's device (tap + the id's first 11 characters) is the
   * hypervisor's device for this VIF (libvirt made it; os-vif plugs it). A tap of any other name is not.
   */
  readonly hypervisorTap?: boolean;
  /** The OVS port whose iface-id/attached-mac identify an os-vif-plugged VIF's devices. */
  readonly legacyPort?: string;
}

export class OwnershipGuard {
  constructor(
    private readonly links: LinkApi,
    private readonly ovs: () => OvsDriver,
  ) {}

  /** Claims the device `dev` for the VIF, or throws ForeignResourceError. */
  async claimLink(ident: VifIdent, dev: string, options: LinkClaimOptions = {}): Promise<Claim> {
    const link = await this.links.get(dev);
    if (!link) return 'absent';
    const mark = readLinkMark(link.alias);
    if (mark) {
      if (mark.vifId === ident.vifId) return 'mark';
      throw new ForeignResourceError(ident.vifId, 'link', dev, `marked for VIF ${mark.vifId} by plugin ${mark.plugin}`);
    }
    if (options.hypervisorTap && link.kind === 'tun' && dev === portName('tap', ident.vifId)) return 'hypervisor';
    if (options.legacyPort !== undefined && (await this.isOsVifPort(ident, options.legacyPort))) return 'os-vif';
    throw new ForeignResourceError(ident.vifId, 'link', dev, `unmarked ${link.kind ?? 'device'}, not identified as this VIF's`);
  }

  /** Claims the OVS port `port` for the VIF (identified through `legacyPort` when unmarked), or throws. */
  async claimPort(ident: VifIdent, port: string, legacyPort: string = port): Promise<Claim> {
    const ovs = this.ovs();
    // The native driver answers from its cache (no round trip); an Interface row lives only while a Port refers to it.
    const ids = await ovs.interfaceExternalIds(port);
    if (!ids) return 'absent';
    const mark = readOvsMark(ids);
    if (mark) {
      if (mark.vifId === ident.vifId) return 'mark';
      throw new ForeignResourceError(ident.vifId, 'ovs-port', port, `marked for VIF ${mark.vifId} by plugin ${mark.plugin}`);
    }
    if (await this.isOsVifPort(ident, legacyPort, legacyPort === port ? ids : undefined)) return 'os-vif';
    const ifaceId = ids['iface-id'];
    const type = ifaceId ? undefined : (await ovs.getInterface(port))?.type; // a refusal: the full row, for its message
    throw new ForeignResourceError(
      ident.vifId,
      'ovs-port',
      port,
      ifaceId ? `iface-id ${ifaceId}` : `unmarked ${type || 'system'} interface`,
    );
  }

  /**
   * Claims a bridge made for this VIF alone (the per-port pb… bridge): marked for it, or unmarked and os-vif's
   * as `legacyPort` (the ibp… patch port carrying the VIF's iface-id) identifies it. Another VIF's is refused.
   */
  async claimBridge(ident: VifIdent, bridge: string, legacyPort: string): Promise<Claim> {
    const row = await this.ovs().getBridge(bridge);
    if (!row) return 'absent';
    const mark = readOvsMark(row.externalIds);
    if (mark) {
      if (mark.vifId === ident.vifId) return 'mark';
      throw new ForeignResourceError(ident.vifId, 'ovs-bridge', bridge, `marked for VIF ${mark.vifId} by plugin ${mark.plugin}`);
    }
    if (await this.isOsVifPort(ident, legacyPort)) return 'os-vif';
    throw new ForeignResourceError(ident.vifId, 'ovs-bridge', bridge, "unmarked bridge, not identified as this VIF's");
  }

  /** os-vif's identity of its rows: iface-id AND attached-mac are this VIF's, and no mark says another VIF's. */
  private async isOsVifPort(ident: VifIdent, port: string, known?: Readonly<Record<string, string>>): Promise<boolean> {
    if (ident.ifaceId === undefined || ident.mac === undefined) return false;
    const ids = known ?? (await this.ovs().interfaceExternalIds(port));
    if (ids === undefined) return false;
    const mark = readOvsMark(ids);
    if (mark && mark.vifId !== ident.vifId) return false;
    return ids['iface-id'] === ident.ifaceId && ids['attached-mac']?.toLowerCase() === ident.mac.toLowerCase();
  }
}

/** Claims every resource at once (the checks are independent reads); the first refusal is thrown after all settle. */
export async function claimAll(claims: ReadonlyArray<Promise<Claim>>): Promise<Claim[]> {
  const settled = await Promise.allSettled(claims);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<Claim>).value);
}
