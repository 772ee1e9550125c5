// NetlinkLinkApi against the real kernel, always inside a fresh network
// namespace: the API runs in the namespace's agent, and every effect is
// checked independently with iproute2 and sysfs inside the same namespace.
import { LinkExistsError, NoSuchLinkError } from '@osvif/sdk';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';
import { ipLink, ipLinkNames } from './helpers';

let ns: TestNetns;
beforeAll(async () => {
  ns = await createNetns();
});
afterAll(disposeAllNetns);

describe('bridges', () => {
  it("creates a bridge with os-vif's settings (forward delay 0, STP off, snooping off, ageing 0)", async () => {
    await ns.links.createBridge('brq1', { forwardDelay: 0, stp: false, multicastSnooping: false, ageingTime: 0 });
    expect(await ns.readSysfs('brq1', 'bridge', 'forward_delay')).toBe('0');
    expect(await ns.readSysfs('brq1', 'bridge', 'stp_state')).toBe('0');
    expect(await ns.readSysfs('brq1', 'bridge', 'multicast_snooping')).toBe('0');
    expect(await ns.readSysfs('brq1', 'bridge', 'ageing_time')).toBe('0');
    expect((await ipLink(ns, 'brq1'))?.linkinfo?.info_kind).toBe('bridge');
  });

  it('sends only the options given: the others keep kernel defaults', async () => {
    await ns.links.createBridge('brq2', { forwardDelay: 700, ageingTime: 12340 });
    expect(await ns.readSysfs('brq2', 'bridge', 'forward_delay')).toBe('700');
    expect(await ns.readSysfs('brq2', 'bridge', 'ageing_time')).toBe('12340');
    expect(await ns.readSysfs('brq2', 'bridge', 'multicast_snooping')).toBe('1'); // kernel default
    await ns.links.createBridge('brq3');
    expect(await ns.readSysfs('brq3', 'bridge', 'forward_delay')).toBe('1500'); // kernel default 15 s
    expect(await ns.readSysfs('brq3', 'bridge', 'ageing_time')).toBe('30000');
  });

  it('can turn STP and snooping on', async () => {
    await ns.links.createBridge('brq4', { stp: true, multicastSnooping: true });
    expect(await ns.readSysfs('brq4', 'bridge', 'stp_state')).not.toBe('0');
    expect(await ns.readSysfs('brq4', 'bridge', 'multicast_snooping')).toBe('1');
  });
});

describe('veth pairs', () => {
  it('creates both ends, each pointing at the other', async () => {
    await ns.links.createVeth('tapA', 'tapB');
    const a = await ipLink(ns, 'tapA');
    const b = await ipLink(ns, 'tapB');
    expect(a?.linkinfo?.info_kind).toBe('veth');
    expect(b?.linkinfo?.info_kind).toBe('veth');
    // sysfs iflink of one end is the ifindex of the other
    expect(Number(await ns.readSysfs('tapA', 'iflink'))).toBe(b?.ifindex);
    expect(Number(await ns.readSysfs('tapB', 'iflink'))).toBe(a?.ifindex);
  });

  it('deleting one end removes the pair', async () => {
    await ns.links.createVeth('delA', 'delB');
    await ns.links.delete('delA');
    expect(await ipLink(ns, 'delA')).toBeUndefined();
    expect(await ipLink(ns, 'delB')).toBeUndefined();
  });
});

describe('taps', () => {
  it('creates a single-queue tap (persistent tun device in tap mode)', async () => {
    await ns.links.createTap('tap1q');
    const l = await ipLink(ns, 'tap1q');
    expect(l?.linkinfo?.info_kind).toBe('tun');
    expect(l?.linkinfo?.info_data).toMatchObject({ type: 'tap', multi_queue: false, persist: true });
    const flags = Number.parseInt(await ns.readSysfs('tap1q', 'tun_flags'), 16);
    expect(flags & 0x3).toBe(0x2); // IFF_TAP
    expect(flags & 0x800).toBe(0x800); // IFF_PERSIST: survives the creating process
    expect(flags & 0x100).toBe(0); // not IFF_MULTI_QUEUE
  });

  it('creates a multiqueue tap (IFF_MULTI_QUEUE)', async () => {
    await ns.links.createTap('tapmq', { multiqueue: true });
    expect((await ipLink(ns, 'tapmq'))?.linkinfo?.info_data).toMatchObject({ type: 'tap', multi_queue: true });
    expect(Number.parseInt(await ns.readSysfs('tapmq', 'tun_flags'), 16) & 0x100).toBe(0x100);
  });

  it('refuses an existing name with LinkExistsError (TUNSETIFF would silently re-attach)', async () => {
    await expect(ns.links.createTap('tap1q')).rejects.toBeInstanceOf(LinkExistsError);
    await expect(ns.links.createTap('brq1')).rejects.toMatchObject({ errno: 'EEXIST', operation: 'create', ifname: 'brq1' });
  });
});

describe('delete', () => {
  it('deletes each kind', async () => {
    await ns.links.createBridge('dbr');
    await ns.links.createTap('dtap');
    for (const n of ['dbr', 'dtap']) {
      expect(await ipLink(ns, n)).toBeDefined();
      await ns.links.delete(n);
      expect(await ipLink(ns, n)).toBeUndefined();
    }
  });

  it('a missing link is NoSuchLinkError (ENODEV)', async () => {
    await expect(ns.links.delete('nothere')).rejects.toBeInstanceOf(NoSuchLinkError);
    await expect(ns.links.delete('nothere')).rejects.toMatchObject({ errno: 'ENODEV', operation: 'delete', ifname: 'nothere' });
  });

  it('deleteIfExists: true when it was there (and it is gone), false when absent, bad names still refused', async () => {
    await ns.links.createVeth('dvA', 'dvB');
    expect(await ns.links.deleteIfExists('dvA')).toBe(true);
    expect(await ipLink(ns, 'dvA')).toBeUndefined();
    expect(await ipLink(ns, 'dvB')).toBeUndefined(); // the peer goes with it
    expect(await ns.links.deleteIfExists('dvA')).toBe(false);
    await expect(ns.links.deleteIfExists('bad/name')).rejects.toMatchObject({ name: 'InvalidLinkNameError' });
  });
});

describe('set', () => {
  beforeAll(async () => {
    await ns.links.createBridge('sbr', { forwardDelay: 0, stp: false });
    await ns.links.createVeth('sA', 'sB');
  });

  it('up and down', async () => {
    await ns.links.set('sA', { up: true });
    expect((await ipLink(ns, 'sA'))?.flags).toContain('UP');
    await ns.links.set('sA', { up: false });
    expect((await ipLink(ns, 'sA'))?.flags).not.toContain('UP');
  });

  it('MTU', async () => {
    await ns.links.set('sA', { mtu: 1450 });
    expect(await ns.readSysfs('sA', 'mtu')).toBe('1450');
  });

  it('master and nomaster', async () => {
    await ns.links.set('sA', { master: 'sbr' });
    expect((await ipLink(ns, 'sA'))?.master).toBe('sbr');
    expect(await ns.check('ls', ['/sys/class/net/sbr/brif'])).toContain('sA');
    await ns.links.set('sA', { master: null });
    expect((await ipLink(ns, 'sA'))?.master).toBeUndefined();
  });

  it('MAC address', async () => {
    await ns.links.set('sB', { mac: 'FE:16:3E:00:AB:01' });
    expect(await ns.readSysfs('sB', 'address')).toBe('fe:16:3e:00:ab:01');
  });

  it('promisc on and off (the user flag, IFF_PROMISC)', async () => {
    await ns.links.set('sB', { promisc: true });
    expect((await ipLink(ns, 'sB'))?.flags).toContain('PROMISC');
    await ns.links.set('sB', { promisc: false });
    expect((await ipLink(ns, 'sB'))?.flags).not.toContain('PROMISC');
  });

  it("several changes in one call, as os-vif's ensure_bridge does (master + up + mtu)", async () => {
    await ns.links.set('sB', { master: 'sbr', up: true, mtu: 1400 });
    const l = await ipLink(ns, 'sB');
    expect(l).toMatchObject({ master: 'sbr', mtu: 1400 });
    expect(l?.flags).toContain('UP');
  });

  it('an empty change set still requires the link to exist', async () => {
    await expect(ns.links.set('sB', {})).resolves.toBeUndefined();
    await expect(ns.links.set('ghost', {})).rejects.toBeInstanceOf(NoSuchLinkError);
  });
});

describe('get, exists, list', () => {
  it('get reports what iproute2 reports', async () => {
    await ns.links.createBridge('gbr');
    await ns.links.createVeth('gA', 'gB');
    await ns.links.set('gA', { master: 'gbr', up: true, mtu: 1300, promisc: true, mac: '02:11:22:33:44:55' });
    const info = await ns.links.get('gA');
    const ip = await ipLink(ns, 'gA');
    expect(info).toEqual({
      name: 'gA',
      index: ip?.ifindex,
      kind: 'veth',
      mtu: 1300,
      up: true,
      promisc: true,
      master: 'gbr',
      mac: '02:11:22:33:44:55',
    });
    expect((await ns.links.get('gbr'))?.kind).toBe('bridge');
    expect((await ns.links.get('lo'))?.kind).toBeUndefined();
  });

  it('get of a missing link is undefined; exists says false', async () => {
    expect(await ns.links.get('missing0')).toBeUndefined();
    expect(await ns.links.exists('missing0')).toBe(false);
    expect(await ns.links.exists('gbr')).toBe(true);
  });

  it('list returns every link of the namespace, with masters by name', async () => {
    const listed = await ns.links.list();
    expect(listed.map((l) => l.name).sort()).toEqual(await ipLinkNames(ns));
    expect(listed.find((l) => l.name === 'gA')?.master).toBe('gbr');
  });
});
