// Minimal netlink attribute (struct nlattr) encoding/decoding. The `netlink`
// package treats IFLA_LINKINFO as an opaque Buffer, so nested link-kind data
// (bridge options, veth peer, VLAN id) is built here, byte for byte.
import { IFINFOMSG_LEN } from './constants';

const align4 = (n: number): number => (n + 3) & ~3;

/** One attribute: 4-byte header (len, type) + payload, padded to 4 bytes. */
export function attr(type: number, payload: Buffer): Buffer {
  const len = 4 + payload.length;
  const out = Buffer.alloc(align4(len));
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type, 2);
  payload.copy(out, 4);
  return out;
}

export const nested = (type: number, children: readonly Buffer[]): Buffer => attr(type, Buffer.concat(children));
export const attrString = (type: number, s: string): Buffer => attr(type, Buffer.from(`${s}\0`, 'utf8'));
export function attrU32(type: number, v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0, 0);
  return attr(type, b);
}
export function attrU16(type: number, v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v, 0);
  return attr(type, b);
}
export const attrU8 = (type: number, v: number): Buffer => attr(type, Buffer.from([v & 0xff]));

/** struct ifinfomsg: family u8, pad u8, type u16, index s32, flags u32, change u32. */
export function ifinfomsg(fields: { index?: number; flags?: number; change?: number } = {}): Buffer {
  const b = Buffer.alloc(IFINFOMSG_LEN);
  b.writeInt32LE(fields.index ?? 0, 4);
  b.writeUInt32LE((fields.flags ?? 0) >>> 0, 8);
  b.writeUInt32LE((fields.change ?? 0) >>> 0, 12);
  return b;
}

/** Splits an attribute stream into type -> payload (last one wins). */
export function parseAttrs(buf: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let off = 0;
  while (off + 4 <= buf.length) {
    const len = buf.readUInt16LE(off);
    const type = buf.readUInt16LE(off + 2) & 0x3fff; // strip NLA_F_NESTED / NLA_F_NET_BYTEORDER
    if (len < 4 || off + len > buf.length) break;
    out.set(type, buf.subarray(off + 4, off + len));
    off += align4(len);
  }
  return out;
}

export const readCString = (b: Buffer): string => {
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? b.length : end).toString('utf8');
};
