// How osvif marks what it makes on a host (docs/ownership.md): links carry IFLA_IFALIAS
// "osvif:<plugin>:<vif id>", OVS rows carry external_ids keys starting with "osvif-" (Neutron reads
// iface-id, attached-mac, vm-uuid and ignores other keys). A mark is written with the thing (OVS: in the
// row's own transaction) or in the first change after it (links: the kernel ignores IFLA_IFALIAS on
// RTM_NEWLINK), so that list and gc find them, and plug/unplug touch only what is marked for their VIF.

/** Prefix of every link alias osvif writes. */
export const LINK_MARK_PREFIX = 'osvif:';

/** The external_ids keys of an OVS row osvif made for a VIF. */
export const OVS_MARK_KEYS = {
  vifId: 'osvif-vif-id',
  plugin: 'osvif-plugin',
  vifClass: 'osvif-vif-class',
} as const;

/** Who a mark says owns a thing: the plugin and the VIF id (verbatim, as the VIF carries it). */
export interface OwnerMark {
  readonly plugin: string;
  readonly vifId: string;
  /** The VIF's class (OVS rows only). */
  readonly vifClass?: string;
}

/** The link alias that marks a device as `vifId`'s, made by `plugin`. */
export function linkMark(plugin: string, vifId: string): string {
  return `${LINK_MARK_PREFIX}${plugin}:${vifId}`;
}

/** The owner a link alias names, or undefined when the alias is absent or not osvif's. */
export function readLinkMark(alias: string | undefined): OwnerMark | undefined {
  if (!alias?.startsWith(LINK_MARK_PREFIX)) return undefined;
  const rest = alias.slice(LINK_MARK_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { plugin: rest.slice(0, colon), vifId: rest.slice(colon + 1) };
}

/** The external_ids entries that mark an OVS row as `owner`'s. */
export function ovsMark(owner: OwnerMark): Record<string, string> {
  return {
    [OVS_MARK_KEYS.vifId]: owner.vifId,
    [OVS_MARK_KEYS.plugin]: owner.plugin,
    ...(owner.vifClass ? { [OVS_MARK_KEYS.vifClass]: owner.vifClass } : {}),
  };
}

/** The owner an OVS row's external_ids name, or undefined when the row carries no osvif mark. */
export function readOvsMark(externalIds: Readonly<Record<string, string>>): OwnerMark | undefined {
  const vifId = externalIds[OVS_MARK_KEYS.vifId];
  const plugin = externalIds[OVS_MARK_KEYS.plugin];
  if (!vifId || !plugin) return undefined;
  const vifClass = externalIds[OVS_MARK_KEYS.vifClass];
  return { plugin, vifId, ...(vifClass ? { vifClass } : {}) };
}
