// Typed errors: names validated before any kernel call, errno mapped to the
// SDK's LinkError classes, bad arguments refused up front. Kernel cases run
// inside a namespace through the agent, so classes also cross the seam.
import { existsSync } from 'node:fs';
import { InvalidLinkNameError, LinkError, LinkExistsError, LinkNotSupportedError, LinkPermissionError, NoSuchLinkError } from '@osvif/sdk';
import { InvalidLinkArgumentError, NetlinkLinkApi } from '@osvif/runtime';
import { RtnlSocket } from '../../src/host/netlink/socket';
import { AgentClient, RemoteLinkApi } from '../../../testkit/src/agent/client';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';

/** A socket that fails the test if anything reaches it: validation must come first. */
class UnreachableSocket extends RtnlSocket {
  calls = 0;
  override request(): Promise<Buffer[]> {
    this.calls++;
    return Promise.reject(new Error('request reached the kernel'));
  }
}

const BAD_NAMES: ReadonlyArray<[unknown, string]> = [
  ['', 'empty'],
  ['a234567890123456', 'longer than 15 bytes'],
  ['ééééééééé', 'longer than 15 bytes'], // 9 chars, 18 bytes
  ['.', 'reserved name'],
  ['..', 'reserved name'],
  ['a/b', "contains '/'"],
  ['a b', 'whitespace'],
  ['tab\there', 'whitespace'],
  ['nl\n', 'whitespace'],
  ['a:b', "':'"],
  ['nul\0', 'NUL'],
  [42, 'empty'],
];

describe('name validation (before any kernel call)', () => {
  const socket = new UnreachableSocket();
  const api = new NetlinkLinkApi({ socket });
  const calls: Array<[string, (n: string) => Promise<unknown>]> = [
    ['exists', (n) => api.exists(n)],
    ['get', (n) => api.get(n)],
    ['createBridge', (n) => api.createBridge(n)],
    ['createVeth name', (n) => api.createVeth(n, 'ok0')],
    ['createVeth peer', (n) => api.createVeth('ok0', n)],
    ['createVlan name', (n) => api.createVlan(n, 'ok0', 5)],
    ['createVlan parent', (n) => api.createVlan('ok0', n, 5)],
    ['createTap', (n) => api.createTap(n)],
    ['delete', (n) => api.delete(n)],
    ['set', (n) => api.set(n, { up: true })],
    ['set master', (n) => api.set('ok0', { master: n })],
  ];
  for (const [label, call] of calls) {
    it(`${label} rejects every invalid name with InvalidLinkNameError`, async () => {
      for (const [bad, reason] of BAD_NAMES) {
        const err = await call(bad as string).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(InvalidLinkNameError);
        expect((err as InvalidLinkNameError).reason).toContain(reason);
      }
      expect(socket.calls).toBe(0);
    });
  }
  it('accepts a 15-byte name', async () => {
    const err = await api.delete('a23456789012345').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(InvalidLinkNameError);
    expect(socket.calls).toBe(1);
    socket.calls = 0;
  });
});

describe('argument validation', () => {
  const socket = new UnreachableSocket();
  const api = new NetlinkLinkApi({ socket });
  it.each([
    ['vlanId 0', () => api.createVlan('v0', 'eth0', 0), 'vlanId'],
    ['vlanId 4095', () => api.createVlan('v0', 'eth0', 4095), 'vlanId'],
    ['vlanId 1.5', () => api.createVlan('v0', 'eth0', 1.5), 'vlanId'],
    ['mtu 67', () => api.set('v0', { mtu: 67 }), 'mtu'],
    ['mtu "1500"', () => api.set('v0', { mtu: '1500' as unknown as number }), 'mtu'],
    ['mac without colons', () => api.set('v0', { mac: '020000000001' }), 'mac'],
    ['mac with 7 bytes', () => api.set('v0', { mac: '02:00:00:00:00:01:02' }), 'mac'],
    ['up "yes"', () => api.set('v0', { up: 'yes' as unknown as boolean }), 'up'],
    ['changes null', () => api.set('v0', null as unknown as object), 'changes'],
    ['forwardDelay -1', () => api.createBridge('b0', { forwardDelay: -1 }), 'forwardDelay'],
    ['stp "off"', () => api.createBridge('b0', { stp: 'off' as unknown as boolean }), 'stp'],
    ['veth peer = name', () => api.createVeth('x0', 'x0'), 'peerName'],
  ])('%s -> InvalidLinkArgumentError', async (_label, call, argument) => {
    const err = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidLinkArgumentError);
    expect(err).toBeInstanceOf(LinkError);
    expect((err as InvalidLinkArgumentError).argument).toBe(argument);
    expect(socket.calls).toBe(0);
  });
});

describe('kernel errno mapping (in a namespace)', () => {
  let ns: TestNetns;
  beforeAll(async () => {
    ns = await createNetns();
    await ns.links.createBridge('ebr');
    await ns.links.createVeth('eA', 'eB');
  });
  afterAll(disposeAllNetns);

  it('EEXIST -> LinkExistsError, for the name and for a veth peer', async () => {
    await expect(ns.links.createBridge('ebr')).rejects.toMatchObject({
      constructor: LinkExistsError,
      errno: 'EEXIST',
      operation: 'create',
      ifname: 'ebr',
    });
    await expect(ns.links.createVeth('eA', 'eC')).rejects.toBeInstanceOf(LinkExistsError);
    await expect(ns.links.createVeth('eD', 'ebr')).rejects.toBeInstanceOf(LinkExistsError);
    expect(await ns.links.exists('eD')).toBe(false); // nothing half-made
  });

  it('ENODEV -> NoSuchLinkError for delete, set, a missing master, a missing VLAN parent', async () => {
    await expect(ns.links.delete('nope')).rejects.toMatchObject({ constructor: NoSuchLinkError, errno: 'ENODEV', operation: 'delete' });
    await expect(ns.links.set('nope', { up: true })).rejects.toMatchObject({
      constructor: NoSuchLinkError,
      operation: 'set',
      ifname: 'nope',
    });
    await expect(ns.links.set('eA', { master: 'nobr' })).rejects.toMatchObject({ constructor: NoSuchLinkError, ifname: 'nobr' });
    await expect(ns.links.createVlan('vlan9', 'noparent', 9)).rejects.toMatchObject({ constructor: NoSuchLinkError, ifname: 'noparent' });
  });

  it('EOPNOTSUPP for a VLAN on this kernel -> LinkNotSupportedError(feature "8021q VLAN")', async () => {
    const supported = existsSync('/sys/module/8021q');
    const result = await ns.links.createVlan('vlan5', 'eA', 5).then(
      () => 'created',
      (e: unknown) => e,
    );
    if (supported) {
      expect(result).toBe('created'); // a kernel with 8021q: see vlan.host.test.ts for the real checks
    } else {
      expect(result).toBeInstanceOf(LinkNotSupportedError);
      expect(result).toMatchObject({ errno: 'EOPNOTSUPP', feature: '8021q VLAN', operation: 'create', ifname: 'vlan5' });
      expect((result as Error).message).toContain('not supported by this kernel');
    }
  });

  it('EOPNOTSUPP when the master cannot take ports (a veth) -> LinkNotSupportedError', async () => {
    await expect(ns.links.set('eA', { master: 'eB' })).rejects.toMatchObject({
      constructor: LinkNotSupportedError,
      errno: 'EOPNOTSUPP',
      feature: 'enslaving to eB',
    });
  });

  it('other errnos stay LinkError with the errno name (EINVAL: MTU above the tap maximum)', async () => {
    await ns.links.createTap('etap');
    const err = await ns.links.set('etap', { mtu: 65535 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkError);
    expect(err).toMatchObject({ errno: 'EINVAL', operation: 'set', ifname: 'etap' });
    expect([LinkExistsError, NoSuchLinkError, LinkPermissionError, LinkNotSupportedError].some((c) => err instanceof c)).toBe(false);
  });

  it('EPERM -> LinkPermissionError (agent without CAP_NET_ADMIN, as user nobody)', async () => {
    const client = await AgentClient.start({
      prefix: ['ip', 'netns', 'exec', ns.name, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'],
    });
    try {
      const links = new RemoteLinkApi(client);
      await expect(links.createBridge('pbr')).rejects.toMatchObject({
        constructor: LinkPermissionError,
        errno: 'EPERM',
        operation: 'create',
      });
      await expect(links.delete('ebr')).rejects.toBeInstanceOf(LinkPermissionError);
      await expect(links.createTap('ptap')).rejects.toBeInstanceOf(LinkPermissionError);
      expect(await links.exists('ebr')).toBe(true); // reading needs no privilege
    } finally {
      await client.close();
    }
  });
});
