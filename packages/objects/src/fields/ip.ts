// IP address and network fields, stored as the text netaddr's str() writes
// (IPv6 compressed like glibc inet_ntop, which netaddr uses). Parsing is
// strict: dotted-quad IPv4 without leading zeros (netaddr 0.8 reads
// "010.0.0.1" as octal and "10.1" as 10.0.0.1), no zone ids, no netmasks.
import { CoercionError, FieldType, typeName } from './types';

/**
 * Canonical dotted quad: four decimal octets 0-255, no leading zeros. By hand:
 * several times faster than the equivalent regex, and every VIF has several.
 */
export function isDottedQuad(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let dots = 0;
  let octet = 0;
  let digits = 0;
  let lead = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return false;
      digits = 0;
      octet = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 0) lead = c;
      else if (lead === 48) return false; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return false;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

function parseIPv4(text: string): number[] | undefined {
  if (!isDottedQuad(text)) return undefined;
  return text.split('.').map(Number);
}

/** Eight 16-bit words, or undefined. */
function parseIPv6(text: string): number[] | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  let head = text;
  let tail = '';
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    if (text.indexOf('::', dbl + 1) >= 0) return undefined;
    head = text.slice(0, dbl);
    tail = text.slice(dbl + 2);
  }
  const words = (part: string, allowV4: boolean): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (allowV4 && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  if (dbl < 0) {
    const all = words(text, true);
    return all && all.length === 8 ? all : undefined;
  }
  const h = words(head, false);
  const t = words(tail, true);
  if (!h || !t || h.length + t.length > 7) return undefined;
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

/** glibc inet_ntop: longest (first on ties) run of >= 2 zero words becomes "::"; embedded IPv4 for ::a.b.c.d and ::ffff:a.b.c.d. */
function formatIPv6(w: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  const v4 = bestStart === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff));
  const parts: string[] = [];
  const end = v4 ? 6 : 8;
  for (let i = 0; i < end; i++) {
    if (i === bestStart) {
      parts.push(i === 0 ? ':' : '');
      i += bestLen - 1;
      if (i === end - 1) parts.push('');
      continue;
    }
    parts.push(w[i].toString(16));
  }
  let text = parts.join(':');
  if (v4) {
    text += `${text.endsWith(':') ? '' : ':'}${w[6] >> 8}.${w[6] & 255}.${w[7] >> 8}.${w[7] & 255}`;
  }
  return text;
}

interface ParsedAddress {
  readonly text: string;
  readonly bits: 32 | 128;
}

export function parseIPAddress(text: string): ParsedAddress | undefined {
  if (text.length > 45) return undefined;
  if (!text.includes(':')) return isDottedQuad(text) ? { text, bits: 32 } : undefined;
  const v6 = parseIPv6(text);
  return v6 ? { text: formatIPv6(v6), bits: 128 } : undefined;
}

export const IPAddressType: FieldType = {
  kind: 'scalar',
  reprName: 'IPAddress',
  coerce(value) {
    if (typeof value !== 'string') throw new CoercionError(`An IP address string is required, not ${typeName(value)}`);
    if (isDottedQuad(value)) return value; // the common case, already canonical
    if (value.includes('/')) throw new CoercionError('IPAddress() does not support netmasks or subnet prefixes');
    const p = parseIPAddress(value);
    if (!p) throw new CoercionError('failed to detect a valid IP address');
    return p.text;
  },
};

/** The prefix length written from `start` to the end: /^(?:0|[1-9]\d{0,2})$/ by hand; -1 when malformed. */
function prefixLength(s: string, start: number): number {
  const n = s.length - start;
  if (n < 1 || n > 3) return -1;
  let len = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57 || (i === start && c === 48 && n > 1)) return -1;
    len = len * 10 + (c - 48);
  }
  return len;
}

/** Network "addr/len"; host bits are kept (as netaddr does); a bare address gets /32 or /128. */
export const IPNetworkType: FieldType = {
  kind: 'scalar',
  reprName: 'IPNetwork',
  coerce(value) {
    if (typeof value !== 'string') throw new CoercionError(`An IP network string is required, not ${typeName(value)}`);
    const slash = value.indexOf('/');
    const addr = parseIPAddress(slash < 0 ? value : value.slice(0, slash));
    if (!addr) throw new CoercionError('invalid IPNetwork');
    if (slash < 0) return `${addr.text}/${addr.bits}`;
    const len = prefixLength(value, slash + 1);
    if (len < 0 || len > addr.bits) throw new CoercionError('invalid IPNetwork prefix length');
    // An IPv4 address is kept as written, so the text is already canonical.
    return addr.bits === 32 ? value : `${addr.text}/${len}`;
  },
};
