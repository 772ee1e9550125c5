// The vendored addon behind a typed wrapper: opens, binds a free port, gathers a datagram from several buffers,
// receives the kernel's answer, closes. A read-only link dump (RTM_GETLINK): nothing on the host changes.
// In the unit project, so it runs on Node 20, 22 and 24 (one N-API binary for all).
import { NetlinkProtocol, NetlinkSocket } from '@osvif/netlink-socket';

const RTM_GETLINK = 18;
const NLM_F_REQUEST_DUMP = 0x301;
const NLMSG_DONE = 3;

/** An RTM_GETLINK dump request (nlmsghdr + an empty ifinfomsg), split in two buffers to test gathering. */
function dumpRequest(seq: number, port: number): Buffer[] {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(32, 0);
  header.writeUInt16LE(RTM_GETLINK, 4);
  header.writeUInt16LE(NLM_F_REQUEST_DUMP, 6);
  header.writeUInt32LE(seq, 8);
  header.writeUInt32LE(port, 12);
  return [header, Buffer.alloc(16)];
}

describe('NetlinkSocket', () => {
  it('dumps the links: the kernel answers on the bound port until NLMSG_DONE', async () => {
    const socket = new NetlinkSocket(NetlinkProtocol.ROUTE, { recvBufferSize: 1 << 16 });
    try {
      const { port } = socket.address();
      expect(port).toBeGreaterThan(0);
      const types: number[] = [];
      let reject: (e: Error) => void = () => undefined;
      const done = new Promise<void>((resolve, fail) => {
        reject = fail;
        socket.on('error', reject);
        socket.on('message', (data: Buffer, info: { port: number; truncated?: boolean }) => {
          if (info.port !== 0 || info.truncated) reject(new Error(`unexpected datagram info ${JSON.stringify(info)}`));
          for (let off = 0; off + 16 <= data.length; off += (data.readUInt32LE(off) + 3) & ~3) {
            if (data.readUInt32LE(off + 8) !== 7) reject(new Error('a reply with another seq')); // ours is 7
            types.push(data.readUInt16LE(off + 4));
          }
          if (types.includes(NLMSG_DONE)) resolve();
        });
      });
      socket.send(dumpRequest(7, port), (error) => error && reject(error));
      await done;
      expect(types.filter((t) => t === 16 /* RTM_NEWLINK */).length).toBeGreaterThanOrEqual(1); // lo at least
    } finally {
      socket.close();
    }
  });

  it('gives each socket its own port, and reports close', () => {
    const a = new NetlinkSocket(NetlinkProtocol.ROUTE);
    const b = new NetlinkSocket(NetlinkProtocol.ROUTE);
    let closed = 0;
    a.on('close', () => closed++);
    expect(a.address().port).not.toBe(b.address().port);
    a.close();
    b.close();
    expect(closed).toBe(1);
  });

  it('refuses a protocol the kernel does not know, with its errno', () => {
    expect(() => new NetlinkSocket(9999)).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^E[A-Z]+$/) }) as unknown as Error,
    );
  });
});
