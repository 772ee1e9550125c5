// Root: the plugin in a throw-away network namespace the test kit creates (and deletes, also on failure):
// a real tap device appears, up, at the network's MTU, and goes with unplug. The host's own links are never
// touched (the test kit's Jest preset checks that).
import { VIFGeneric } from '@osvif/objects';
import { startTestRuntime, testInstanceInfo, testNetwork } from '@osvif/testkit';
import { __CLASS_NAME__ } from '../src';

describe('__PLUGIN_NAME__ plugin in a network namespace', () => {
  it('plugs a real tap and unplugs it', async () => {
    const t = await startTestRuntime({ plugins: [__CLASS_NAME__] });
    try {
      const vif = new VIFGeneric({
        id: '7d0e5b7a-2c1f-4e3d-9a8b-6c5d4e3f2a1b',
        plugin: '__PLUGIN_NAME__',
        vif_name: 'tapdemo1',
        network: testNetwork({ mtu: 1450 }),
      });
      await t.plug(vif, testInstanceInfo());
      expect(await t.netns.links.get('tapdemo1')).toMatchObject({ kind: 'tun', up: true, mtu: 1450 });
      await t.unplug(vif, testInstanceInfo());
      expect(await t.netns.links.exists('tapdemo1')).toBe(false);
    } finally {
      await t.dispose();
    }
  });
});
