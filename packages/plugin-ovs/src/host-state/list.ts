// @ListOwned: the VIFs this plugin has things of on the host, found from the marks alone (docs/ownership.md).
import { OVS_MARK_KEYS, readLinkMark, readOvsMark } from '@osvif/sdk';
import type { OwnedResource, OwnedVif } from '@osvif/sdk';
import { PLUGIN_NAME } from '../ownership/ident';
import type { PathContext } from '../paths/context';

export async function listOwned(ctx: PathContext): Promise<OwnedVif[]> {
  const ovs = ctx.ovs();
  const [links, ports, bridges] = await Promise.all([
    ctx.linux.list(),
    ovs.findPortsWithExternalId(OVS_MARK_KEYS.vifId),
    ovs.findBridgesWithExternalId(OVS_MARK_KEYS.vifId),
  ]);
  const vifs = new Map<string, { vifClass?: string; resources: OwnedResource[] }>();
  const entry = (vifId: string): { vifClass?: string; resources: OwnedResource[] } => {
    let e = vifs.get(vifId);
    if (!e) vifs.set(vifId, (e = { resources: [] }));
    return e;
  };
  for (const port of ports) {
    const mark = readOvsMark(port.externalIds);
    if (mark?.plugin !== PLUGIN_NAME) continue;
    const e = entry(mark.vifId);
    if (mark.vifClass) e.vifClass = mark.vifClass;
    e.resources.push({ kind: 'ovs-port', name: port.name, ...(port.bridge ? { bridge: port.bridge } : {}), via: 'mark' });
  }
  for (const bridge of bridges) {
    const mark = readOvsMark(bridge.externalIds);
    if (mark?.plugin === PLUGIN_NAME) entry(mark.vifId).resources.push({ kind: 'ovs-bridge', name: bridge.name, via: 'mark' });
  }
  for (const link of links) {
    const mark = readLinkMark(link.alias);
    if (mark?.plugin === PLUGIN_NAME) entry(mark.vifId).resources.push({ kind: 'link', name: link.name, via: 'mark' });
  }
  return [...vifs.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([vifId, e]) => ({ vifId, ...(e.vifClass ? { vifClass: e.vifClass } : {}), resources: e.resources }));
}
