// The agent seam: JSON lines over stdio. Protocol robustness is tested
// in-process against serveAgent; the real seam (a child process inside a
// namespace) is tested for error classes, death, and start failures.
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { InvalidLinkNameError, LinkError, LinkExistsError, LinkNotSupportedError, LinkPermissionError, NoSuchLinkError } from '@osvif/sdk';
import { AgentClient, RemoteLinkApi } from '../src/agent/client';
import { AgentError, deserializeError, serializeError } from '../src/agent/protocol';
import { serveAgent } from '../src/agent/server';
import {
  InvalidLinkArgumentError,
  InvalidSysctlPathError,
  InvalidSysctlValueError,
  NetlinkLinkApi,
  ProcSysctl,
  SysctlError,
} from '@osvif/runtime';
import { RtnlSocket } from '../../runtime/src/host/netlink/socket';
import { createNetns, disposeAllNetns, TestNetns } from '@osvif/testkit';

afterAll(disposeAllNetns);

describe('error classes survive serialization', () => {
  const samples: Error[] = [
    new LinkError('set', 'eth0', 'EINVAL', 'set eth0: kernel error EINVAL'),
    new LinkExistsError('create', 'br0', 'EEXIST', 'exists'),
    new NoSuchLinkError('delete', 'x', 'ENODEV', 'gone'),
    new LinkPermissionError('create', 'br0', 'EPERM', 'denied'),
    new LinkNotSupportedError('create', 'vlan5', 'EOPNOTSUPP', '8021q VLAN', 'no vlan'),
    new InvalidLinkNameError('a/b', "contains '/', ':', NUL or whitespace"),
    new InvalidLinkArgumentError('create', 'v0', 'vlanId', 5000, 'expected an integer 1..4094'),
    new InvalidSysctlPathError(['net', '..'], 'reserved part ".."'),
    new InvalidSysctlValueError(['net', 'x'], 'a\nb', 'contains a newline or NUL'),
    new SysctlError(['net', 'x'], 'EACCES', 'denied'),
  ];
  it.each(samples.map((e) => [e.constructor.name, e]))('%s', (_n, e) => {
    const back = deserializeError(JSON.parse(JSON.stringify(serializeError(e))));
    expect(back.constructor).toBe(e.constructor);
    expect(back.message).toBe(e.message);
    expect({ ...back }).toEqual({ ...e });
  });
  it('an unexpected error becomes AgentError(remote-error) naming the class', () => {
    const back = deserializeError(serializeError(new TypeError('boom')));
    expect(back).toBeInstanceOf(AgentError);
    expect(back).toMatchObject({ reason: 'remote-error', remoteClass: 'TypeError' });
  });
});

describe('protocol robustness (serveAgent in-process; the link API is never reached)', () => {
  async function session(lines: string[]): Promise<Array<Record<string, unknown>>> {
    const input = new PassThrough();
    const output = new PassThrough();
    // The socket refuses every request: these lines must all be stopped before the kernel.
    const links = new NetlinkLinkApi({
      socket: new (class extends RtnlSocket {
        override request(): Promise<Buffer[]> {
          return Promise.reject(new Error('reached the kernel'));
        }
      })(),
    });
    const done = serveAgent(input, output, { links, sysctl: new ProcSysctl('/nonexistent-root') });
    const replies: Array<Record<string, unknown>> = [];
    const reader = createInterface({ input: output });
    reader.on('line', (l) => replies.push(JSON.parse(l) as Record<string, unknown>));
    for (const l of lines) input.write(`${l}\n`);
    input.end();
    await done;
    output.end();
    await new Promise((r) => reader.once('close', r));
    links.close();
    return replies;
  }

  it('answers every bad line with a typed error and keeps serving', async () => {
    const replies = await session([
      '{not json',
      '[]',
      '{"id":"x","target":"link","method":"get","args":["lo"]}',
      '{"id":1,"target":"shell","method":"run","args":[]}',
      '{"id":2,"target":"link","method":"constructor","args":[]}',
      '{"id":3,"target":"link","method":"__proto__","args":[]}',
      '{"id":4,"target":"link","method":"delete","args":["a","b"]}',
      '{"id":5,"target":"link","method":"delete","args":"a"}',
      '{"id":6,"target":"link","method":"delete","args":["a/b"]}',
      '{"id":7,"target":"sysctl","method":"write","args":[["net","..","x"],1]}',
      '{"id":8,"target":"sysctl","method":"read","args":[["net","ipv4","nope"]]}',
    ]);
    expect(replies[0]).toEqual({ ready: true, pid: process.pid });
    const byId = new Map(replies.slice(1).map((r) => [r.id, r]));
    const errClass = (id: unknown): unknown => (byId.get(id)?.error as { class?: string } | undefined)?.class;
    expect(replies.filter((r) => r.id === null)).toHaveLength(3); // no usable id
    for (const id of [1, 2, 3, 4, 5]) expect(errClass(id)).toBe('AgentError');
    expect(String((byId.get(2)?.error as { message: string }).message)).toMatch(/unknown method/);
    expect(errClass(6)).toBe('InvalidLinkNameError');
    expect(errClass(7)).toBe('InvalidSysctlPathError');
    expect(byId.get(8)).toEqual({ id: 8, ok: true }); // missing key -> undefined
  });
});

describe('the real seam (agent in a namespace)', () => {
  let ns: TestNetns;
  beforeAll(async () => {
    ns = await createNetns();
  });

  it('kernel errors arrive as the same classes with their fields', async () => {
    await ns.links.createBridge('abr');
    const e = await ns.links.createBridge('abr').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LinkExistsError);
    expect(e).toBeInstanceOf(LinkError);
    expect(e).toMatchObject({ name: 'LinkExistsError', errno: 'EEXIST', operation: 'create', ifname: 'abr' });
    await expect(ns.links.get('a b')).rejects.toBeInstanceOf(InvalidLinkNameError);
    await expect(ns.links.createVlan('v1', 'abr', 0)).rejects.toBeInstanceOf(InvalidLinkArgumentError);
  });

  it('optional arguments may be omitted (no null leaks into defaults)', async () => {
    await ns.links.createTap('atap');
    await ns.links.createBridge('abr2');
    expect((await ns.links.get('atap'))?.kind).toBe('tun');
  });

  it('works behind nsenter as well as ip netns exec', async () => {
    const client = await AgentClient.start({ prefix: ['nsenter', `--net=${ns.path}`] });
    try {
      expect(await new RemoteLinkApi(client).exists('abr')).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('a dead agent fails pending and later calls with AgentError(exited)', async () => {
    const client = await AgentClient.start({ prefix: ['ip', 'netns', 'exec', ns.name] });
    const links = new RemoteLinkApi(client);
    const pending = links.list();
    process.kill(client.pid!, 'SIGKILL');
    const results = await Promise.allSettled([pending, links.exists('abr')]);
    // the list may have been answered before the kill landed; the seam must never hang
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ constructor: AgentError, reason: 'exited' });
    await new Promise((r) => setTimeout(r, 50));
    await expect(links.exists('abr')).rejects.toMatchObject({ constructor: AgentError, reason: 'exited' });
    await client.close(); // idempotent on a dead agent
  });

  it('a namespace that does not exist -> AgentError(start-failed)', async () => {
    await expect(AgentClient.start({ prefix: ['ip', 'netns', 'exec', 'osvif-test-does-not-exist'] })).rejects.toMatchObject({
      constructor: AgentError,
      reason: 'start-failed',
    });
  });

  it('a prefix program that does not exist -> AgentError(start-failed)', async () => {
    await expect(AgentClient.start({ prefix: ['/nonexistent/osvif-launcher'] })).rejects.toMatchObject({
      constructor: AgentError,
      reason: 'start-failed',
    });
  });

  it('close() ends the agent process', async () => {
    const client = await AgentClient.start({ prefix: ['ip', 'netns', 'exec', ns.name] });
    const pid = client.pid!;
    await client.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
