// The no-op plugin: os-vif's `noop` (vif_plug_noop), for VIF types that need
// nothing done on the host when plugged (generic vhost-user without OVS).
// It is also the template for new plugins: see README.md.
import { Consumes, LOGGER, Logger, Plug, Unplug, VifPlugin, inject } from '@osvif/sdk';
import { InstanceInfo, VIFVHostUser } from '@osvif/objects';

/** The noop plugin (os-vif's vif_plug_noop): accepts VIFVHostUser and does nothing on plug and unplug. */
@VifPlugin({ name: 'noop', description: 'Does nothing on plug and unplug (generic vhost-user without OVS).' })
// Truthful range: every VIFVHostUser version we know (os-vif 3.0.0 claims 1.0 only: differences.md D7).
@Consumes(VIFVHostUser, '1.0 - 1.1')
export class NoOpPlugin {
  constructor(@inject(LOGGER) private readonly log: Logger) {}

  /** Logs the VIF and does nothing else. */
  @Plug(VIFVHostUser)
  async plugVhostUser(vif: VIFVHostUser, _instance: InstanceInfo): Promise<void> {
    this.log.debug('noop plug', { vif_id: vif.getIfSet('id') });
  }

  /** Logs the VIF and does nothing else. */
  @Unplug(VIFVHostUser)
  async unplugVhostUser(vif: VIFVHostUser, _instance: InstanceInfo): Promise<void> {
    this.log.debug('noop unplug', { vif_id: vif.getIfSet('id') });
  }
}
