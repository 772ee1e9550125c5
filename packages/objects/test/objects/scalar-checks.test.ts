// The hand-written checks for canonical UUIDs, MACs, dotted quads and prefix
// lengths (fields/scalar.ts, fields/ip.ts) replace regexes on the hot path:
// they must accept exactly what the regexes accept. Random strings over the
// characters that matter, plus mutations of valid forms, against the regexes.
import { IPNetworkType, parseIPAddress } from '../../src/fields';
import { isDottedQuad } from '../../src/fields/ip';
import { isCanonicalMAC, isCanonicalUUID } from '../../src/fields/scalar';
import { CoercionError } from '../../src/fields/types';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAC_RE = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;
const PREFIX_RE = /^(?:0|[1-9]\d{0,2})$/;

let seed = 7;
function rand(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
}

/** Random strings of `alphabet`, and one-character edits of the valid examples. */
function* candidates(alphabet: string, valid: readonly string[], maxLen: number, count: number): Generator<string> {
  yield '';
  for (const v of valid) yield v;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      let s = '';
      const n = rand(maxLen + 1);
      for (let j = 0; j < n; j++) s += alphabet[rand(alphabet.length)];
      yield s;
    } else {
      const v = valid[rand(valid.length)];
      const at = rand(v.length + 1);
      const c = alphabet[rand(alphabet.length)];
      const op = rand(3);
      yield op === 0
        ? v.slice(0, at) + c + v.slice(at + 1)
        : op === 1
          ? v.slice(0, at) + c + v.slice(at)
          : v.slice(0, at) + v.slice(at + 1);
    }
  }
}

function agree(check: (s: string) => boolean, re: RegExp, strings: Iterable<string>): number {
  let accepted = 0;
  for (const s of strings) {
    if (check(s) !== re.test(s)) throw new Error(`disagree on ${JSON.stringify(s)}: check says ${check(s)}`);
    if (check(s)) accepted++;
  }
  return accepted;
}

it('isDottedQuad accepts exactly the canonical dotted-quad regex', () => {
  const valid = ['0.0.0.0', '10.0.0.1', '255.255.255.255', '192.168.100.200', '1.22.133.249', '250.251.252.253'];
  const accepted = agree(isDottedQuad, IPV4_RE, candidates('0123456789.', valid, 17, 200000));
  expect(accepted).toBeGreaterThan(10000);
  agree(isDottedQuad, IPV4_RE, candidates('0125.9a :/x\n-+', valid, 17, 50000));
  for (let a = 0; a < 1000; a++) expect(isDottedQuad(`${a}.1.1.1`)).toBe(IPV4_RE.test(`${a}.1.1.1`));
  for (const s of [
    '00.1.1.1',
    '01.1.1.1',
    '1.1.1.01',
    '256.1.1.1',
    '1.1.1.1.',
    '.1.1.1.1',
    '1..1.1',
    '1.1.1',
    '1.1.1.1.1',
    '1.1.1.1 ',
    '１.1.1.1',
  ]) {
    expect(isDottedQuad(s)).toBe(false);
  }
});

it('isCanonicalUUID accepts exactly the canonical UUID regex', () => {
  const valid = ['b679325f-ca89-4ee0-a8be-6db1409b69ea', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
  const accepted = agree(isCanonicalUUID, UUID_RE, candidates('0123456789abcdefABCDEFg-{}: ', valid, 38, 100000));
  expect(accepted).toBeGreaterThan(valid.length);
  agree(isCanonicalUUID, UUID_RE, candidates('0af-', valid, 37, 100000));
});

it('isCanonicalMAC accepts exactly the canonical MAC regex', () => {
  const valid = ['ca:fe:de:ad:be:ef', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '09:af:9a:fa:00:19'];
  const accepted = agree(isCanonicalMAC, MAC_RE, candidates('0123456789abcdefABCDEFg:-. ', valid, 18, 100000));
  expect(accepted).toBeGreaterThan(valid.length);
  agree(isCanonicalMAC, MAC_RE, candidates('0f:', valid, 18, 100000));
});

/** IPNetwork coercion as it was written with the regex (the reference). */
function referenceNetwork(value: string): string {
  const slash = value.indexOf('/');
  const addr = parseIPAddress(slash < 0 ? value : value.slice(0, slash));
  if (!addr) throw new CoercionError('invalid IPNetwork');
  if (slash < 0) return `${addr.text}/${addr.bits}`;
  const len = value.slice(slash + 1);
  if (!PREFIX_RE.test(len) || Number(len) > addr.bits) throw new CoercionError('invalid IPNetwork prefix length');
  return `${addr.text}/${len}`;
}

function result(f: () => unknown): string {
  try {
    return `ok ${String(f())}`;
  } catch (e) {
    if (e instanceof CoercionError) return `error ${e.reason}`;
    throw e;
  }
}

it('IPNetwork coercion (hand-written prefix length, IPv4 kept as written) equals the regex version', () => {
  const valid = [
    '10.0.0.0/24',
    '0.0.0.0/0',
    '10.0.0.1/32',
    '2001:db8::/64',
    '::/0',
    'fe80::1/128',
    '2001:DB8:0::1/48',
    '10.0.0.0',
    '::ffff:1.2.3.4/96',
  ];
  let ok = 0;
  for (const s of candidates('0123456789/.:abf ', valid, 22, 60000)) {
    const got = result(() => IPNetworkType.coerce(s));
    const want = result(() => referenceNetwork(s));
    if (got !== want) throw new Error(`${JSON.stringify(s)}: ${got} vs ${want}`);
    if (got.startsWith('ok')) ok++;
  }
  expect(ok).toBeGreaterThan(1000);
});
