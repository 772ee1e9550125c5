// ProcSysctl: the sysctls os-vif writes on its bridges, for real inside a
// namespace (net.* is per namespace), and path/value validation.
import { readdirSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSysctlPathError, InvalidSysctlValueError, ProcSysctl, SysctlError } from '@osvif/runtime';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';

afterAll(disposeAllNetns);

describe("os-vif's bridge sysctls, in a namespace", () => {
  let ns: TestNetns;
  beforeAll(async () => {
    ns = await createNetns();
    await ns.links.createBridge('sysbr');
  });
  const procFile = (...p: string[]): Promise<string> => ns.check('cat', [`/proc/sys/${p.join('/')}`]).then((s) => s.trim());

  it('writes disable_ipv6=1, arp_ignore=1, arp_announce=2 and reads them back', async () => {
    expect(await ns.sysctl.write(['net', 'ipv6', 'conf', 'sysbr', 'disable_ipv6'], 1)).toBe(true);
    expect(await ns.sysctl.write(['net', 'ipv4', 'conf', 'sysbr', 'arp_ignore'], 1)).toBe(true);
    expect(await ns.sysctl.write(['net', 'ipv4', 'conf', 'sysbr', 'arp_announce'], '2')).toBe(true);
    expect(await procFile('net', 'ipv6', 'conf', 'sysbr', 'disable_ipv6')).toBe('1');
    expect(await procFile('net', 'ipv4', 'conf', 'sysbr', 'arp_ignore')).toBe('1');
    expect(await procFile('net', 'ipv4', 'conf', 'sysbr', 'arp_announce')).toBe('2');
    expect(await ns.sysctl.read(['net', 'ipv4', 'conf', 'sysbr', 'arp_announce'])).toBe('2');
  });

  it('a key that does not exist: write resolves false and creates nothing; read is undefined', async () => {
    expect(await ns.sysctl.write(['net', 'ipv4', 'conf', 'nosuchdev', 'arp_ignore'], 1)).toBe(false);
    expect(await ns.sysctl.read(['net', 'ipv4', 'conf', 'nosuchdev', 'arp_ignore'])).toBeUndefined();
    expect((await ns.exec('ls', ['/proc/sys/net/ipv4/conf/nosuchdev'])).exitCode).not.toBe(0);
  });

  it('a value the kernel refuses -> SysctlError with errno (EINVAL)', async () => {
    await expect(ns.sysctl.write(['net', 'ipv4', 'conf', 'sysbr', 'arp_ignore'], 'banana')).rejects.toMatchObject({
      constructor: SysctlError,
      errno: 'EINVAL',
    });
  });

  it('bad paths are refused before touching the filesystem, across the seam too', async () => {
    await expect(ns.sysctl.write(['net', '..', '..', 'etc', 'passwd'], 1)).rejects.toBeInstanceOf(InvalidSysctlPathError);
    await expect(ns.sysctl.read(['net/ipv4', 'x'])).rejects.toBeInstanceOf(InvalidSysctlPathError);
  });
});

describe('ProcSysctl path and value handling (on a temporary root)', () => {
  let root: string;
  let sysctl: ProcSysctl;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'osvif-sysctl-'));
    await mkdir(join(root, 'net', 'ipv4'), { recursive: true });
    await writeFile(join(root, 'net', 'ipv4', 'ip_forward'), '0\n');
    sysctl = new ProcSysctl(root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each([[[]], [['']], [['.']], [['..']], [['net', '..']], [['a/b']], [['nul\0']], [['line\n']], [[7]], [['x'.repeat(256)]]])(
    'refuses path %j',
    async (path) => {
      await expect(sysctl.write(path as string[], 1)).rejects.toBeInstanceOf(InvalidSysctlPathError);
      await expect(sysctl.read(path as string[])).rejects.toBeInstanceOf(InvalidSysctlPathError);
    },
  );

  it.each([['1\n2'], [NaN], [{}], ['a\0']])('refuses value %j', async (value) => {
    await expect(sysctl.write(['net', 'ipv4', 'ip_forward'], value as string)).rejects.toBeInstanceOf(InvalidSysctlValueError);
    expect(await readFile(join(root, 'net', 'ipv4', 'ip_forward'), 'utf8')).toBe('0\n');
  });

  it('closes its file whatever the outcome (no descriptor leaks over failed and successful writes)', async () => {
    await symlink('/dev/full', join(root, 'net', 'full')); // every write fails with ENOSPC after the open
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    const failed = await Promise.all(Array.from({ length: 50 }, () => sysctl.write(['net', 'full'], 1).catch((e: unknown) => e)));
    expect(failed.every((e) => e instanceof SysctlError && e.errno === 'ENOSPC')).toBe(true);
    await Promise.all(Array.from({ length: 50 }, () => sysctl.write(['net', 'ipv4', 'ip_forward'], 0)));
    await Promise.all(Array.from({ length: 50 }, () => sysctl.read(['net', 'ipv4', 'ip_forward'])));
    expect(open()).toBe(before);
  });

  it('reads a value longer than one read returns, whole', async () => {
    const long = Array.from({ length: 3000 }, (_, i) => String(i)).join(',');
    await writeFile(join(root, 'net', 'ipv4', 'long_list'), `${long}\n`);
    expect(await sysctl.read(['net', 'ipv4', 'long_list'])).toBe(long);
  });

  it('writes existing keys only', async () => {
    expect(await sysctl.write(['net', 'ipv4', 'ip_forward'], 1)).toBe(true);
    expect(await sysctl.read(['net', 'ipv4', 'ip_forward'])).toBe('1');
    expect(await sysctl.write(['net', 'ipv4', 'new_key'], 1)).toBe(false);
    expect(await sysctl.read(['net', 'ipv4', 'new_key'])).toBeUndefined();
  });
});
