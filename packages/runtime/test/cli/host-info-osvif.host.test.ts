// `osvif host-info` with the default plugins (the three installed workspace
// packages, found by discovery) against os_vif.host_info() of the real os-vif
// 3.0.0: the same plugins, VIF classes and port profile classes in the same
// order; and os-vif reads our HostInfo. The version ranges differ on purpose:
// ours say what the plugins consume (os-vif declares 1.0 everywhere).
// Runs the BUILT CLI (the test suite builds first: scripts/test.sh).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fromPrimitive, HostInfo } from '@osvif/objects';
import { PythonOsVif } from '@osvif/conformance';

const REPO = join(__dirname, '../../../..');
const BIN = join(REPO, 'packages/runtime/bin/osvif.js');

type Shape = Array<[plugin: string, vifs: Array<[vif: string, profiles: string[]]>]>;

function shape(h: HostInfo): Shape {
  return h.plugin_info.map((p) => [
    p.plugin_name,
    p.vif_info.map((v) => [v.vif_object_name, v.supported_port_profiles.map((pp) => pp.profile_object_name)]),
  ]);
}

function ranges(h: HostInfo): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of h.plugin_info) {
    for (const v of p.vif_info) {
      out[`${p.plugin_name}/${v.vif_object_name}`] = `${v.min_version}-${v.max_version}`;
      for (const pp of v.supported_port_profiles) {
        out[`${p.plugin_name}/${v.vif_object_name}/${pp.profile_object_name}`] = `${pp.min_version}-${pp.max_version}`;
      }
    }
  }
  return out;
}

let py: PythonOsVif;
let ours: unknown;

beforeAll(async () => {
  if (!existsSync(join(REPO, 'packages/runtime/dist/cli/main.js'))) {
    throw new Error('the CLI is not built: run `npx tsc -b tsconfig.build.json` first');
  }
  const r = spawnSync(process.execPath, [BIN, 'host-info'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  ours = JSON.parse(r.stdout);
  py = await PythonOsVif.start();
}, 60_000);

afterAll(async () => {
  await py?.close();
});

test('names the same plugins, VIF classes and port profile classes as os_vif.host_info()', async () => {
  const theirs = fromPrimitive(await py.hostInfo()) as HostInfo;
  const mine = fromPrimitive(ours) as HostInfo;
  expect(shape(mine)).toEqual(shape(theirs));
  expect(shape(mine).map(([p]) => p)).toEqual(['linux_bridge', 'noop', 'ovs']);
});

test('the ranges say what our plugins consume, where os-vif declares 1.0 everywhere', async () => {
  const theirs = fromPrimitive(await py.hostInfo()) as HostInfo;
  expect(new Set(Object.values(ranges(theirs)))).toEqual(new Set(['1.0-1.0']));
  expect(ranges(fromPrimitive(ours) as HostInfo)).toEqual({
    'linux_bridge/VIFBridge': '1.0-1.0',
    'noop/VIFVHostUser': '1.0-1.1',
    'ovs/VIFBridge': '1.0-1.0',
    'ovs/VIFBridge/VIFPortProfileOpenVSwitch': '1.0-1.4',
    'ovs/VIFOpenVSwitch': '1.0-1.0',
    'ovs/VIFOpenVSwitch/VIFPortProfileOpenVSwitch': '1.0-1.4',
    'ovs/VIFVHostUser': '1.0-1.1',
    'ovs/VIFVHostUser/VIFPortProfileOpenVSwitch': '1.0-1.4',
    'ovs/VIFVHostUser/VIFPortProfileOVSRepresentor': '1.0-1.4',
    'ovs/VIFHostDevice': '1.0-1.0',
    'ovs/VIFHostDevice/VIFPortProfileOpenVSwitch': '1.0-1.4',
    'ovs/VIFHostDevice/VIFPortProfileOVSRepresentor': '1.0-1.4',
  });
});

test('the real os-vif reads our HostInfo and writes back the same object', async () => {
  const read = await py.hydrate(ours);
  expect(fromPrimitive(read).equals(fromPrimitive(ours))).toBe(true);
});
