// Many operations in flight on the one reused netlink socket: replies are
// matched by sequence number, dumps (list) never interleave with other replies.
import { LinkExistsError } from '@osvif/sdk';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';
import { ipLinkNames } from './helpers';

let ns: TestNetns;
beforeAll(async () => {
  ns = await createNetns();
});
afterAll(disposeAllNetns);

const N = 40;
const names = (p: string): string[] => Array.from({ length: N }, (_, i) => `${p}${i}`);

it(`creates ${N} veth pairs and bridges concurrently, with lists in between`, async () => {
  const ops: Array<Promise<unknown>> = [];
  names('ca').forEach((a, i) => {
    ops.push(ns.links.createVeth(a, `cb${i}`));
    ops.push(ns.links.createBridge(`cbr${i}`, { forwardDelay: 0 }));
    if (i % 8 === 0) ops.push(ns.links.list());
  });
  await Promise.all(ops);
  const present = await ipLinkNames(ns);
  for (const n of [...names('ca'), ...names('cb'), ...names('cbr')]) expect(present).toContain(n);
});

it('sets and reads concurrently: each reply reaches its own caller', async () => {
  await Promise.all(names('ca').map((a, i) => ns.links.set(a, { mtu: 1300 + i, master: `cbr${i}`, up: true })));
  const infos = await Promise.all(names('ca').map((a) => ns.links.get(a)));
  infos.forEach((info, i) => expect(info).toMatchObject({ name: `ca${i}`, mtu: 1300 + i, master: `cbr${i}`, up: true }));
  const listed = await Promise.all([ns.links.list(), ns.links.list(), ns.links.list()]);
  for (const l of listed) expect(l.filter((x) => x.name.startsWith('ca'))).toHaveLength(N);
});

it('concurrent failures are reported to the right callers only', async () => {
  const results = await Promise.allSettled(names('ca').map((a, i) => (i % 2 ? ns.links.createBridge(a) : ns.links.exists(a))));
  results.forEach((r, i) => {
    if (i % 2) expect(r.status === 'rejected' && r.reason instanceof LinkExistsError && r.reason.ifname === `ca${i}`).toBe(true);
    else expect(r).toEqual({ status: 'fulfilled', value: true });
  });
});

it('deletes everything concurrently', async () => {
  await Promise.all([...names('ca'), ...names('cbr')].map((n) => ns.links.delete(n)));
  const left = await ipLinkNames(ns);
  expect(left.filter((n) => /^c(a|b|br)\d+$/.test(n))).toEqual([]);
});

it('all of that went over two rtnetlink sockets of the agent, one in its thread and one in its worker for deletes (no socket per call)', async () => {
  const pid = ns.agent.pid!;
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .map((t) => /^socket:\[(\d+)\]$/.exec(t)?.[1])
      .filter((x): x is string => x !== undefined),
  );
  // /proc/<pid>/net/netlink: sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode (Eth 0 = NETLINK_ROUTE)
  const routeSockets = readFileSync(`/proc/${pid}/net/netlink`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[1] === '0' && inodes.has(cols[9]));
  expect(routeSockets).toHaveLength(2); // the default transport: worker/split-socket.ts
});
