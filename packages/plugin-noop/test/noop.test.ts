// The noop plugin through a real runtime, with the test kit's recording fakes as host services: no root, no
// namespace. Written as a third-party plugin's test would be (only public entry points).
import { VIFBridge, VIFVHostUser } from '@osvif/objects';
import { PortProfileNotAcceptedError, VifClassNotAcceptedError } from '@osvif/runtime';
import { RecordingLinkApi, startTestRuntime, testInstanceInfo, testOvsPortProfile, testVhostUserVif } from '@osvif/testkit';
import { NoOpPlugin } from '../src';

describe('noop plugin', () => {
  it('plugs and unplugs VIFVHostUser of both versions without doing anything, and refuses other VIFs', async () => {
    const links = new RecordingLinkApi();
    const t = await startTestRuntime({ plugins: [NoOpPlugin], netns: false, services: { linkApi: links } });
    try {
      const info = testInstanceInfo({ uuid: '3c4d5e6f-0000-4000-8000-000000000001' });
      const vif = testVhostUserVif({
        id: '3c4d5e6f-0000-4000-8000-000000000002',
        plugin: 'noop',
        path: '/run/s',
        mode: 'client',
        vifName: 'vhu1',
        profile: null,
      });
      await t.plug(vif, info);
      await t.plug(vif.toPrimitive('1.0'), info);
      await t.unplug(vif, info);
      expect(t.logs.filter((l) => l.includes('"outcome":"ok"'))).toHaveLength(3);
      await expect(t.plug(new VIFBridge({ id: vif.id, plugin: 'noop', vif_name: 't', bridge_name: 'b' }), info)).rejects.toBeInstanceOf(
        VifClassNotAcceptedError,
      );
      const withProfile = new VIFVHostUser({
        id: vif.id,
        plugin: 'noop',
        path: '/run/s',
        mode: 'client',
        port_profile: testOvsPortProfile({ interface_id: vif.id }),
      });
      await expect(t.plug(withProfile, info)).rejects.toBeInstanceOf(PortProfileNotAcceptedError);
      // Nothing reached the host services.
      expect(links.calls).toEqual([]);
      expect(t.commands.calls).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
