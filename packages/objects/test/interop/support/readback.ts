/**
 * What os-vif 3.0.0 re-emits after hydrating a primitive (obj_from_primitive then
 * obj_to_primitive at the instance version). Identity, except for one documented effect:
 * hydration runs Network.__init__, which sets subnets=SubnetList(objects=[]), multi_host,
 * should_provide_bridge, should_provide_vlan = False and mtu = None when absent; the wire value
 * then overwrites them. A fresh SubnetList is dirty, so a Network whose wire data lacked `subnets`
 * reports `subnets` changed (checked against os-vif 3.0.0). This holds for EVERY Network version,
 * including 1.0 (mtu comes back as null even though 1.0 has no mtu: no compat pass runs when the
 * target equals the instance version).
 */
import type { OsVifPrimitive } from '@osvif/conformance';

const NAME = 'versioned_object.name';
const DATA = 'versioned_object.data';
const CHANGES = 'versioned_object.changes';

function isEnvelope(v: unknown): v is OsVifPrimitive {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && NAME in v && DATA in v;
}

export function emptySubnetList(): OsVifPrimitive {
  return {
    [NAME]: 'SubnetList',
    'versioned_object.namespace': 'os_vif',
    'versioned_object.version': '1.0',
    [DATA]: { objects: [] },
    [CHANGES]: ['objects'],
  } as OsVifPrimitive;
}

/** Deep copy of `p` as os-vif 3.0.0 will re-emit it after hydration. */
export function osVifReadback(p: unknown): unknown {
  if (Array.isArray(p)) return p.map(osVifReadback);
  if (typeof p !== 'object' || p === null) return p;
  const src = p as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) out[k] = osVifReadback(v);
  if (isEnvelope(src) && src[NAME] === 'Network') {
    const data = out[DATA] as Record<string, unknown>;
    const changes = new Set((out[CHANGES] as string[] | undefined) ?? []);
    if (!('subnets' in data)) {
      data.subnets = emptySubnetList();
      changes.add('subnets');
    }
    for (const [k, v] of [
      ['multi_host', false],
      ['should_provide_bridge', false],
      ['should_provide_vlan', false],
      ['mtu', null],
    ] as const) {
      if (!(k in data)) data[k] = v;
    }
    if (changes.size) out[CHANGES] = [...changes];
  }
  return out;
}
