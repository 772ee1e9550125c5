import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { startPrivateOvs } from '@osvif/testkit';
import { createOvsTestNetns } from '../../src/ovs/netns';

function sh(file: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(file, args, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}
// Running = exists and is not a zombie (PID 1 here does not reap reparented daemons).
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('startPrivateOvs', () => {
  it('runs a private ovsdb-server + ovs-vswitchd whose netdev ports appear in the given namespace, and stop() removes everything', async () => {
    const ns = await createOvsTestNetns();
    const ovs = await startPrivateOvs({ netns: ns.name });
    try {
      expect(ovs.dbEndpoint).toBe(`unix:${ovs.dir}/db.sock`);
      expect(ovs.dir.startsWith('/var/run/openvswitch')).toBe(false);
      await ovs.vsctl(['add-br', 'brt0', '--', 'set', 'Bridge', 'brt0', 'datapath_type=netdev']);
      await ovs.vsctl(['add-port', 'brt0', 'pt0', '--', 'set', 'Interface', 'pt0', 'type=internal']);
      // ovs-vsctl waited for ovs-vswitchd, so the internal port exists now: inside the namespace, not on the host.
      expect((await sh('ip', ['netns', 'exec', ns.name, 'ip', 'link', 'show', 'pt0'])).code).toBe(0);
      expect((await sh('ip', ['link', 'show', 'pt0'])).code).not.toBe(0);
      expect((await ovs.vsctl(['get', 'Interface', 'pt0', 'ofport'])).trim()).not.toBe('-1');
    } finally {
      const pids = ['ovsdb-server.pid', 'ovs-vswitchd.pid'].map((f) => Number(readFileSync(`${ovs.dir}/${f}`, 'utf8')));
      await ovs.stop();
      await ns.dispose();
      for (const pid of pids) expect(alive(pid)).toBe(false);
      expect(existsSync(ovs.dir)).toBe(false);
    }
  });

  it('stopDb()/startDb() kill and restart ovsdb-server on the same database', async () => {
    const ovs = await startPrivateOvs({ vswitchd: false });
    try {
      await ovs.vsctl(['--no-wait', 'add-br', 'brk']);
      await ovs.stopDb();
      await expect(ovs.vsctl(['--no-wait', 'br-exists', 'brk'])).rejects.toThrow(/database connection failed|No such file/);
      await ovs.startDb();
      await ovs.vsctl(['--no-wait', 'br-exists', 'brk']);
    } finally {
      await ovs.stop();
    }
    expect(existsSync(ovs.dir)).toBe(false);
  });
});
