// Who a plan acts for: the VIF as its marks name it, and what identifies an os-vif-plugged VIF's OVS row.
import { linkMark, ovsMark } from '@osvif/sdk';

export const PLUGIN_NAME = 'ovs';

/** The VIF a plan is for: its id and class (the marks), its port's iface-id and MAC (os-vif's identity). */
export interface VifIdent {
  readonly vifId: string;
  readonly vifClass: string;
  /** port_profile.interface_id: the Interface row's iface-id. */
  readonly ifaceId?: string;
  /** The VIF's address: the Interface row's attached-mac. */
  readonly mac?: string;
}

/** The alias of a link made for this VIF. */
export function linkAlias(ident: VifIdent): string {
  return linkMark(PLUGIN_NAME, ident.vifId);
}

/** The external_ids entries of an OVS row made for this VIF. */
export function rowMark(ident: VifIdent): Record<string, string> {
  return ovsMark({ plugin: PLUGIN_NAME, vifId: ident.vifId, vifClass: ident.vifClass });
}
