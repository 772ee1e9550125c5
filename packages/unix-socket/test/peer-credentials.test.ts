import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerCredentials, sdNotify, sendDatagram } from '@osvif/unix-socket';

describe('peerCredentials', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'osvif-peercred-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the connecting process's pid, uid, gid and groups from the kernel", async () => {
    const path = join(dir, 's.sock');
    const accepted = new Promise<Socket>((resolve) => {
      const server = createServer((s) => {
        resolve(s);
        server.close();
      }).listen(path);
    });
    const client = connect(path);
    const socket = await accepted;
    try {
      const cred = peerCredentials(socket);
      expect(cred.pid).toBe(process.pid);
      expect(cred.uid).toBe(process.getuid!());
      expect(cred.gid).toBe(process.getgid!());
      // process.getgroups() adds the effective gid to the supplementary groups; the kernel lists only the latter.
      const sorted = (l: Iterable<number>) => [...new Set(l)].sort((a, b) => a - b);
      expect(sorted([...cred.groups, cred.gid])).toEqual(sorted([...process.getgroups!(), process.getgid!()]));
    } finally {
      client.destroy();
      socket.destroy();
    }
  });

  it('throws on a closed socket instead of crashing', () => {
    expect(() => peerCredentials(new Socket())).toThrow(/no file descriptor/);
  });
});

describe('sendDatagram / sdNotify', () => {
  it('is a no-op without NOTIFY_SOCKET', () => {
    expect(sdNotify('READY=1', {})).toBe(false);
  });

  it('reports the errno when nobody listens', () => {
    expect(() => sendDatagram('/nonexistent/osvif-notify.sock', 'READY=1')).toThrow(/sendto: No such file or directory/);
    expect(() => sdNotify('READY=1', { NOTIFY_SOCKET: '@osvif-test-nobody-listens' })).toThrow(/sendto/);
  });
});
