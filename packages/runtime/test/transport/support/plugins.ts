// Service-host plugins for the negotiation tests: an OVS-like plugin with the
// ranges os-vif 3.0.0's ovs plugin declares for vhost-user (1.0 only) and a
// narrower profile range for VIFOpenVSwitch, recording what it is asked to plug.
import { Consumes, Logger, Plug, Unplug, VifPlugin } from '@osvif/sdk';
import { VIFBase, VIFBridge, VIFOpenVSwitch, VIFPortProfileOpenVSwitch, VIFVHostUser } from '@osvif/objects';

export const plugged: VIFBase[] = [];

@VifPlugin({ name: 'ovs' })
@Consumes(VIFBridge, '1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.0 - 1.4']] })
@Consumes(VIFOpenVSwitch, '1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.0 - 1.3']] })
@Consumes(VIFVHostUser, '1.0', { profiles: [[VIFPortProfileOpenVSwitch, '1.0 - 1.4']] })
export class RecordingOvsPlugin {
  @Plug(VIFBridge, VIFOpenVSwitch, VIFVHostUser)
  async plug(vif: VIFBase): Promise<void> {
    plugged.push(vif);
  }
  @Unplug(VIFBridge, VIFOpenVSwitch, VIFVHostUser)
  async unplug(_vif: VIFBase): Promise<void> {}
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
