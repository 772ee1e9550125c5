// Object serialisation: microseconds per VIF to/from JSON text and per
// HostInfo to/from JSON text, beside os-vif 3.0.0 timing the same objects in
// the same run (/usr/bin/python3 + timeit). Medians of repeated batches.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  FixedIP, FixedIPList, fromJSON, HostInfo, HostPluginInfo, HostPortProfileInfo, HostVIFInfo, Network, Route, RouteList,
  Subnet, SubnetList, VIFOpenVSwitch, VIFPortProfileOpenVSwitch,
} from '@osvif/sdk';
import { BenchSection, median } from './types';

const PYTHON = '/usr/bin/python3';
const VIF_ID = 'b679325f-ca89-4ee0-a8be-6db1409b69ea';
const NET_ID = '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7';

/** A VIFOpenVSwitch with a one-subnet network and an OVS port profile. */
function vif(): VIFOpenVSwitch {
  return new VIFOpenVSwitch({
    id: VIF_ID, address: 'ca:fe:de:ad:be:ef', plugin: 'ovs', active: true, preserve_on_delete: false, has_traffic_filtering: true,
    vif_name: 'tap0', bridge_name: 'br-int',
    network: new Network({
      id: NET_ID, bridge: 'br-int', label: 'private', mtu: 1450,
      subnets: new SubnetList({ objects: [new Subnet({
        cidr: '10.0.0.0/24', dns: ['8.8.8.8'], gateway: '10.0.0.1',
        ips: new FixedIPList({ objects: [new FixedIP({ address: '10.0.0.5', floating_ips: [] })] }),
        routes: new RouteList({ objects: [new Route({ cidr: '0.0.0.0/0', gateway: '10.0.0.1', interface: 'eth0' })] }),
      })] }),
    }),
    port_profile: new VIFPortProfileOpenVSwitch({ interface_id: VIF_ID, profile_id: 'prof', datapath_type: 'system', create_port: true }),
  });
}

/** Shaped like os-vif's own host_info() (linux_bridge, noop, ovs describe()). */
function hostInfo(): HostInfo {
  const v = (name: string, profiles: string[]) =>
    new HostVIFInfo({ vif_object_name: name, min_version: '1.0', max_version: '1.0',
      supported_port_profiles: profiles.map((p) => new HostPortProfileInfo({ profile_object_name: p, min_version: '1.0', max_version: '1.0' })) });
  const ovs = ['VIFPortProfileOpenVSwitch'];
  const rep = ['VIFPortProfileOpenVSwitch', 'VIFPortProfileOVSRepresentor'];
  return new HostInfo({ plugin_info: [
    new HostPluginInfo({ plugin_name: 'linux_bridge', vif_info: [v('VIFBridge', [])] }),
    new HostPluginInfo({ plugin_name: 'noop', vif_info: [v('VIFVHostUser', [])] }),
    new HostPluginInfo({ plugin_name: 'ovs', vif_info: [v('VIFBridge', ovs), v('VIFOpenVSwitch', ovs), v('VIFVHostUser', rep), v('VIFHostDevice', rep)] }),
  ] });
}

const PYTHON_SCRIPT = String.raw`
import json, sys, timeit, statistics, warnings
warnings.simplefilter('ignore')
import os_vif
from os_vif import objects
from os_vif.objects import base
from os_vif.objects.vif import VIFOpenVSwitch, VIFPortProfileOpenVSwitch
from os_vif.objects.network import Network
from os_vif.objects.subnet import Subnet, SubnetList
from os_vif.objects.fixed_ip import FixedIP, FixedIPList
from os_vif.objects.route import Route, RouteList
os_vif.initialize()
vif = VIFOpenVSwitch(id='${VIF_ID}', address='ca:fe:de:ad:be:ef', plugin='ovs', active=True, preserve_on_delete=False,
    has_traffic_filtering=True, vif_name='tap0', bridge_name='br-int',
    network=Network(id='${NET_ID}', bridge='br-int', label='private', mtu=1450,
        subnets=SubnetList(objects=[Subnet(cidr='10.0.0.0/24', dns=['8.8.8.8'], gateway='10.0.0.1',
            ips=FixedIPList(objects=[FixedIP(address='10.0.0.5', floating_ips=[])]),
            routes=RouteList(objects=[Route(cidr='0.0.0.0/0', gateway='10.0.0.1', interface='eth0')]))])),
    port_profile=VIFPortProfileOpenVSwitch(interface_id='${VIF_ID}', profile_id='prof', datapath_type='system', create_port=True))
hi = os_vif.host_info()
vif_text = json.dumps(vif.obj_to_primitive())
hi_text = json.dumps(hi.obj_to_primitive())
number, repeat = int(sys.argv[1]), int(sys.argv[2])
def per_op(stmt):
    return statistics.median(timeit.repeat(stmt, number=number, repeat=repeat)) / number * 1e6
print(json.dumps({
    'vif_to': per_op(lambda: json.dumps(vif.obj_to_primitive())),
    'vif_from': per_op(lambda: base.VersionedObject.obj_from_primitive(json.loads(vif_text))),
    'hi_to': per_op(lambda: json.dumps(hi.obj_to_primitive())),
    'hi_from': per_op(lambda: base.VersionedObject.obj_from_primitive(json.loads(hi_text))),
    'vif_bytes': len(vif_text), 'hi_bytes': len(hi_text),
}))
`;

interface Figures {
  vif_to: number;
  vif_from: number;
  hi_to: number;
  hi_from: number;
  vif_bytes: number;
  hi_bytes: number;
}

function python(number: number, repeat: number): Figures {
  const r = spawnSync(PYTHON, ['-c', PYTHON_SCRIPT, String(number), String(repeat)], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`os-vif timing failed (status ${r.status}): ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
  return JSON.parse(r.stdout) as Figures;
}

/** Median µs per call over `repeat` batches of `number` calls (after one warm-up batch). */
function perOp(fn: () => unknown, number: number, repeat: number): number {
  let sink: unknown;
  for (let i = 0; i < number; i++) sink = fn();
  const samples: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    for (let i = 0; i < number; i++) sink = fn();
    samples.push(((performance.now() - t0) * 1000) / number);
  }
  if (sink === undefined) throw new Error('benchmark produced nothing');
  return median(samples);
}

export async function run({ quick }: { quick: boolean }): Promise<BenchSection> {
  const v = vif();
  const hi = hostInfo();
  const vifText = JSON.stringify(v);
  const hiText = JSON.stringify(hi);
  const [number, repeat] = quick ? [2000, 5] : [20000, 9];
  const ours = {
    vif_to: perOp(() => JSON.stringify(v.toPrimitive()), number, repeat),
    vif_from: perOp(() => fromJSON(vifText), number, repeat),
    hi_to: perOp(() => JSON.stringify(hi.toPrimitive()), number, repeat),
    hi_from: perOp(() => fromJSON(hiText), number, repeat),
  };
  const [pn, pr] = quick ? [100, 3] : [500, 7];
  const theirs = python(pn, pr);
  const row = (name: string, key: keyof typeof ours, note?: string) => ({
    name, osvif: ours[key], osvifPython: theirs[key], unit: 'µs', goalRatio: 20, note,
  });
  return {
    title: 'Versioned objects: serialisation',
    rows: [
      row('VIF to JSON text', 'vif_to', 'VIFOpenVSwitch, one-subnet network'),
      row('VIF from JSON text', 'vif_from'),
      row('HostInfo to JSON text', 'hi_to', "os-vif's host_info() shape"),
      row('HostInfo from JSON text', 'hi_from'),
    ],
    notes: [
      `osvif: JSON.stringify(obj.toPrimitive()) / fromJSON(text), median of ${repeat} batches of ${number}. ` +
        `os-vif: json.dumps(obj.obj_to_primitive()) / obj_from_primitive(json.loads(text)), timeit median of ${pr} x ${pn}. ` +
        `JSON sizes: VIF ${vifText.length} (os-vif ${theirs.vif_bytes}) and HostInfo ${hiText.length} (os-vif ${theirs.hi_bytes}) characters ` +
        '(os-vif writes ", " and ": " separators; our VIF profile is at 1.4).',
    ],
  };
}
