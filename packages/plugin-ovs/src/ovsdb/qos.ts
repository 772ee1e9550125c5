import { createHash } from 'node:crypto';

/** Upstream os-vif's namespace for QoS row identities (vif_plug_ovs.ovsdb.ovsdb_lib.QOS_UUID_NAMESPACE). */
export const QOS_UUID_NAMESPACE = '68da264a-847f-42a8-8ab0-5e774aee3d95';

/** RFC 4122 version-5 UUID (SHA-1), as Python's uuid.uuid5. */
export function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest().subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The external_ids upstream puts on (and looks up) the QoS row of port `dev`. */
export function qosExternalIds(dev: string, qosType: string): { id: string; _type: string } {
  return { id: uuid5(QOS_UUID_NAMESPACE, dev), _type: qosType };
}
