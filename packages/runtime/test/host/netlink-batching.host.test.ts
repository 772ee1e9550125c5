// The rtnetlink socket sends every request of one turn of the event loop in
// ONE sendmsg and matches each reply to its own caller by sequence number.
// Read-only requests only (RTM_GETLINK and a dump), so this runs in the test
// process's own namespace without changing anything in it.
import { LinkError } from '@osvif/sdk';
import { NetlinkLinkApi } from '@osvif/runtime';
import { RtnlSocket } from '../../src/host/netlink/socket';

const sockets: RtnlSocket[] = [];
const api = (options?: ConstructorParameters<typeof RtnlSocket>[0]): { socket: RtnlSocket; links: NetlinkLinkApi } => {
  const socket = new RtnlSocket(options);
  sockets.push(socket);
  return { socket, links: new NetlinkLinkApi({ socket }) };
};
afterAll(() => sockets.forEach((s) => s.close()));

it('requests issued together share one sendmsg, and each caller gets its own answer', async () => {
  const { socket, links } = api();
  const names = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'lo' : `osvifnone${i}`));
  const [exists, lo] = await Promise.all([Promise.all(names.map((n) => links.exists(n))), links.get('lo')]);
  expect(exists).toEqual(names.map((n) => n === 'lo'));
  expect(lo).toMatchObject({ name: 'lo', index: 1 });
  expect(socket.sends).toBe(1);
  // A dump waits for the plain requests (the kernel allows one dump per socket), then goes alone.
  const [listed, again] = await Promise.all([links.list(), links.exists('lo')]);
  expect(listed.map((l) => l.name)).toContain('lo');
  expect(again).toBe(true);
  expect(socket.sends).toBe(3);
});

it('a failing request in a batch fails alone, with its own errno', async () => {
  const { socket, links } = api();
  const results = await Promise.allSettled([links.get('lo'), links.set('osvifnone', { up: true }), links.exists('lo')]);
  expect(results[0]).toMatchObject({ status: 'fulfilled', value: { name: 'lo' } });
  expect(results[1]).toMatchObject({ status: 'rejected', reason: { errno: 'ENODEV', ifname: 'osvifnone' } });
  expect(results[2]).toMatchObject({ status: 'fulfilled', value: true });
  expect(socket.sends).toBe(1);
});

it('maxBatch bounds the requests per sendmsg', async () => {
  const { socket, links } = api({ maxBatch: 16 });
  const answers = await Promise.all(Array.from({ length: 40 }, () => links.exists('lo')));
  expect(answers.every((a) => a)).toBe(true);
  expect(socket.sends).toBe(3); // 16 + 16 + 8
});

it('close() fails requests not yet answered with a typed error instead of leaving them hanging', async () => {
  const { socket, links } = api();
  const pending = links.exists('lo');
  // Let exists() reach the socket (a few microtasks), but not the flush at the end of this loop turn.
  const waiting = (): number => (socket as unknown as { pending: Map<number, unknown> }).pending.size;
  for (let i = 0; i < 20 && waiting() === 0; i++) await Promise.resolve();
  expect(waiting()).toBe(1);
  socket.close();
  await expect(pending).rejects.toBeInstanceOf(LinkError);
});

it('1500 lookups at once: at most maxInFlight are outstanding, and every one is answered', async () => {
  // ~700 outstanding lookups overflowed the 1 MiB receive buffer and the addon aborted the process.
  const { socket, links } = api({ maxInFlight: 256 });
  const internals = socket as unknown as { inFlight: number };
  let most = 0;
  const sample = setInterval(() => (most = Math.max(most, internals.inFlight)), 0);
  try {
    const answers = await Promise.all(Array.from({ length: 1500 }, (_, i) => links.exists(i % 3 ? 'lo' : 'osvifnone')));
    expect(answers.filter(Boolean)).toHaveLength(1000);
  } finally {
    clearInterval(sample);
  }
  expect(most).toBeGreaterThan(0);
  expect(most).toBeLessThanOrEqual(256);
});
