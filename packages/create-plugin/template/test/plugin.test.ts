// No root needed: the plugin's declarations, and plug/unplug against the test kit's recording fakes
// (an in-memory link table), including the refusals that must happen before any change.
import { describePlugin, getPluginDefinition, LinkPermissionError } from '@osvif/sdk';
import { VIFGeneric } from '@osvif/objects';
import { RecordingLinkApi, startTestRuntime, testInstanceInfo, testNetwork } from '@osvif/testkit';
import { __CLASS_NAME__ } from '../src';

const VIF_ID = '3f1c9d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const vif = (fields: Partial<{ vif_name: string }> = {}): VIFGeneric =>
  new VIFGeneric({ id: VIF_ID, plugin: '__PLUGIN_NAME__', vif_name: 'tapdemo0', network: testNetwork({ mtu: 1400 }), ...fields });

describe('__PLUGIN_NAME__ plugin', () => {
  it('declares VIFGeneric 1.0 (its HostInfo entry)', () => {
    const info = describePlugin(getPluginDefinition(__CLASS_NAME__)!);
    expect(info.plugin_name).toBe('__PLUGIN_NAME__');
    expect(info.vif_info.map((v) => [v.vif_object_name, v.min_version, v.max_version])).toEqual([['VIFGeneric', '1.0', '1.0']]);
  });

  it('plugs a marked tap at the network MTU, and unplugs only its own device', async () => {
    const links = new RecordingLinkApi([{ name: 'tapother', alias: 'osvif:__PLUGIN_NAME__:someone-else' }]);
    const t = await startTestRuntime({ plugins: [__CLASS_NAME__], netns: false, services: { linkApi: links } });
    try {
      await t.plug(vif(), testInstanceInfo());
      expect(links.link('tapdemo0')).toMatchObject({ up: true, mtu: 1400, alias: `osvif:__PLUGIN_NAME__:${VIF_ID}` });
      await t.plug(vif(), testInstanceInfo()); // again: converges, creates nothing
      expect(links.calls.filter((c) => c.method === 'createTap')).toHaveLength(1);
      // Another VIF's device is refused before any change.
      await expect(t.plug(vif({ vif_name: 'tapother' }), testInstanceInfo())).rejects.toMatchObject({
        cause: { code: 'FOREIGN_RESOURCE' },
      });
      await t.unplug(vif(), testInstanceInfo());
      expect(links.link('tapdemo0')).toBeUndefined();
      await t.unplug(vif(), testInstanceInfo()); // idempotent
      expect(links.link('tapother')).toBeDefined();
    } finally {
      await t.dispose();
    }
  });

  it('refuses a bad vif_name before any change, and rolls back a half-made tap', async () => {
    const links = new RecordingLinkApi().failOn('set', new LinkPermissionError('set', 'tapdemo0', 'EPERM', 'denied'));
    const t = await startTestRuntime({ plugins: [__CLASS_NAME__], netns: false, services: { linkApi: links } });
    try {
      await expect(t.plug(vif({ vif_name: 'a/b' }), testInstanceInfo())).rejects.toMatchObject({
        cause: { code: 'INVALID_VIF_FOR_PLUGIN' },
      });
      expect(links.calls).toEqual([]);
      await expect(t.plug(vif(), testInstanceInfo())).rejects.toMatchObject({ cause: { code: 'LINK_PERMISSION_DENIED' } });
      expect(links.link('tapdemo0')).toBeUndefined(); // the tap it made was taken back
    } finally {
      await t.dispose();
    }
  });
});
