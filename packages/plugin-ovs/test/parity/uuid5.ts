// RFC 4122 name-based UUID (SHA-1, version 5), computed here independently of
// the code under test, for the expected upstream QoS identity.
import { createHash } from 'node:crypto';

export function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Upstream's QOS_UUID_NAMESPACE (vif_plug_ovs/ovsdb/ovsdb_lib.py, 3.2.0+). */
export const QOS_UUID_NAMESPACE = '68da264a-847f-42a8-8ab0-5e774aee3d95';

/** external_ids upstream puts on the QoS row of port `dev`. */
export function upstreamQosIds(dev: string, type: string): Record<string, string> {
  return { _type: type, id: uuid5(QOS_UUID_NAMESPACE, dev) };
}
