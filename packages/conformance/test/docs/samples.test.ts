// docs/samples/: VIF and InstanceInfo primitives as the `osvif plug --vif FILE --instance FILE` CLI reads them.
// Each VIF sample must deserialise, be written exactly as obj_to_primitive writes it, and pass the acceptance
// checks of the plugin it names (the runtime's, before any plugin code runs); every VIF class a shipped plugin
// consumes must have a sample for that plugin.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromJSON, InstanceInfo, objectRegistry, VIFBase } from '@osvif/objects';
import { getPluginDefinition } from '@osvif/sdk';
import type { PluginDefinition } from '@osvif/sdk';
import { NoOpPlugin } from '../../../plugin-noop/src';
import { OvsPlugin } from '../../../plugin-ovs/src';
import { LinuxBridgePlugin } from '../../../plugin-linux-bridge/src';
import { assertAccepted } from '../../../runtime/src/core/acceptance';

const DIR = resolve(__dirname, '../../../../docs/samples');
const PLUGINS: readonly PluginDefinition[] = [NoOpPlugin, OvsPlugin, LinuxBridgePlugin].map((p) => getPluginDefinition(p)!);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const vifFiles = files.filter((f) => f.startsWith('vif-'));
const instanceFiles = files.filter((f) => f.startsWith('instance'));
const text = (file: string): string => readFileSync(join(DIR, file), 'utf8');

describe('docs/samples', () => {
  it('holds only vif-*.json and instance*.json', () => {
    expect(vifFiles.length + instanceFiles.length).toBe(files.length);
    expect(instanceFiles.length).toBeGreaterThan(0);
  });

  it.each(instanceFiles)('%s is an InstanceInfo in wire form', (file) => {
    const obj = fromJSON(text(file));
    expect(obj).toBeInstanceOf(InstanceInfo);
    expect(obj.toPrimitive()).toEqual(JSON.parse(text(file)));
  });

  it.each(vifFiles)('%s is a VIF in wire form that its plugin accepts', (file) => {
    const vif = fromJSON(text(file));
    expect(objectRegistry.isA(vif, 'VIFBase')).toBe(true);
    expect(vif.toPrimitive()).toEqual(JSON.parse(text(file)));
    const plugin = PLUGINS.find((p) => p.name === (vif as VIFBase).plugin);
    expect(plugin).toBeDefined();
    expect(() => assertAccepted(plugin!, vif as VIFBase)).not.toThrow();
  });

  it('has a sample for every VIF class each shipped plugin consumes', () => {
    const covered = new Set(
      vifFiles.map((f) => {
        const vif = fromJSON(text(f)) as VIFBase;
        return `${vif.plugin} ${vif.objName}`;
      }),
    );
    const consumed = PLUGINS.flatMap((p) => p.vifs.map((v) => `${p.name} ${v.objName}`));
    expect(consumed.length).toBe(6);
    expect(consumed.filter((c) => !covered.has(c))).toEqual([]);
  });
});
