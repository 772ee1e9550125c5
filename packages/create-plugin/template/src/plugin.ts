// The osvif plugin "__PLUGIN_NAME__": plugs a VIFGeneric as a tap device named by the VIF's vif_name, up, at the
// network's MTU, and marked as the VIF's (IFLA_IFALIAS), so that unplug removes only a device this VIF owns.
// Each handler validates every input first, then acts; a failure rolls back what it made.
import {
  Consumes,
  ForeignResourceError,
  inject,
  InvalidVifForPluginError,
  LINK_API,
  linkMark,
  LOGGER,
  Plug,
  readLinkMark,
  Unplug,
  validateLinkName,
  VifPlugin,
  withUndo,
} from '@osvif/sdk';
import type { LinkApi, LinkInfo, Logger } from '@osvif/sdk';
import { InstanceInfo, VIFGeneric } from '@osvif/objects';

const PLUGIN_NAME = '__PLUGIN_NAME__';

/** What a VIFGeneric asks for, validated. */
interface TapSpec {
  readonly vifId: string;
  readonly dev: string;
  readonly mtu?: number;
}

/** Plugs a VIFGeneric as a tap device (vif_name), marked as the VIF's. */
@VifPlugin({ name: PLUGIN_NAME, description: 'Plugs a VIFGeneric as a tap device.' })
@Consumes(VIFGeneric, '1.0')
export class __CLASS_NAME__ {
  constructor(
    @inject(LINK_API) private readonly links: LinkApi,
    @inject(LOGGER) private readonly log: Logger,
  ) {}

  @Plug(VIFGeneric)
  async plug(vif: VIFGeneric, _instance: InstanceInfo): Promise<void> {
    const spec = tapSpec(vif);
    const existing = await this.ownDevice(spec);
    await withUndo(this.log, async (undo) => {
      if (!existing) {
        await this.links.createTap(spec.dev);
        undo.push(`tap ${spec.dev}`, () => this.links.deleteIfExists(spec.dev));
      }
      // The mark goes with the first change: the kernel ignores an alias given at creation.
      await this.links.set(spec.dev, { alias: linkMark(PLUGIN_NAME, spec.vifId), up: true, ...(spec.mtu ? { mtu: spec.mtu } : {}) });
    });
    this.log.info('plugged', { vif_id: spec.vifId, dev: spec.dev, created: !existing });
  }

  @Unplug(VIFGeneric)
  async unplug(vif: VIFGeneric, _instance: InstanceInfo): Promise<void> {
    const spec = tapSpec(vif);
    if (!(await this.ownDevice(spec))) return; // nothing of this VIF's left: unplug is idempotent
    await this.links.deleteIfExists(spec.dev);
    this.log.info('unplugged', { vif_id: spec.vifId, dev: spec.dev });
  }

  /** The VIF's device if it exists; ForeignResourceError if a device of that name is not this VIF's. */
  private async ownDevice(spec: TapSpec): Promise<LinkInfo | undefined> {
    const link = await this.links.get(spec.dev);
    if (!link) return undefined;
    const mark = readLinkMark(link.alias);
    if (mark?.vifId !== spec.vifId) {
      throw new ForeignResourceError(spec.vifId, 'link', spec.dev, mark ? `marked for VIF ${mark.vifId}` : 'not marked by this plugin');
    }
    return link;
  }
}

/** Validates the fields this plugin uses, before anything is changed. */
function tapSpec(vif: VIFGeneric): TapSpec {
  const vifId = vif.getIfSet('id');
  if (typeof vifId !== 'string' || vifId.length === 0) throw new InvalidVifForPluginError(undefined, 'the VIF has no id');
  const dev = vif.getIfSet('vif_name');
  if (typeof dev !== 'string') throw new InvalidVifForPluginError(vifId, 'vif_name is not set');
  try {
    validateLinkName(dev);
  } catch (e) {
    throw new InvalidVifForPluginError(vifId, `vif_name ${JSON.stringify(dev)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const mtu = vif.getIfSet('network')?.getIfSet('mtu') ?? undefined;
  return { vifId, dev, ...(mtu ? { mtu } : {}) };
}
