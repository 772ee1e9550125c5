// The shared host steps plugins take from the SDK: the undo stack (order, logging, never throwing),
// settleAll, the link kind check and the bridge hardening sysctls. The plugin suites run them for real.
import { findLinkOfKind, hardenBridge, LinkKindMismatchError, OsvifError, PluginError, settleAll, UndoStack, withUndo } from '@osvif/sdk';
import type { LinkApi, LinkInfo, LogFields, Logger, Sysctl } from '@osvif/sdk';

interface Line {
  readonly level: string;
  readonly msg: string;
  readonly fields?: LogFields;
}

function recordingLogger(lines: Line[]): Logger {
  const log = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, fields });
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  } as Logger;
  return logger;
}

describe('UndoStack and withUndo', () => {
  it('undoes newest first, logs a success at debug and a failed undo at error, and never throws', async () => {
    const lines: Line[] = [];
    const undo = new UndoStack(recordingLogger(lines));
    const order: string[] = [];
    undo.push('first', async () => void order.push('first'));
    undo.push('second', async () => {
      order.push('second');
      throw new Error('busy');
    });
    undo.push('third', async () => void order.push('third'));
    expect(undo.size).toBe(3);
    expect(await undo.rollback(new Error('plug failed'))).toEqual(['second']);
    expect(order).toEqual(['third', 'second', 'first']);
    expect(undo.size).toBe(0);
    expect(lines).toEqual([
      { level: 'debug', msg: 'rolled back', fields: { step: 'third' } },
      { level: 'error', msg: 'rollback step failed', fields: { step: 'second', error: 'busy', cause: 'plug failed' } },
      { level: 'debug', msg: 'rolled back', fields: { step: 'first' } },
    ]);
    expect(await undo.rollback()).toEqual([]); // emptied: nothing runs twice
    expect(order).toHaveLength(3);
  });

  it('withUndo rolls back only on failure and rethrows the original error', async () => {
    const lines: Line[] = [];
    const log = recordingLogger(lines);
    const undone: string[] = [];
    expect(
      await withUndo(log, async (undo) => {
        undo.push('kept', async () => void undone.push('kept'));
        return 42;
      }),
    ).toBe(42);
    expect(undone).toEqual([]);
    const boom = new Error('boom');
    const err = await withUndo(log, async (undo) => {
      undo.push('a', async () => void undone.push('a'));
      undo.push('b', async () => void undone.push('b'));
      throw boom;
    }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(undone).toEqual(['b', 'a']);
  });
});

describe('settleAll', () => {
  it('waits for every step, then throws the first failure in the given order', async () => {
    const done: string[] = [];
    const later = new Promise<void>((resolve) => setTimeout(() => (done.push('slow'), resolve()), 30));
    const first = Promise.reject(new Error('first'));
    const second = Promise.reject(new Error('second'));
    await expect(settleAll([later, second, first])).rejects.toThrow('second');
    expect(done).toEqual(['slow']);
    await expect(settleAll([Promise.resolve(1), later])).resolves.toBeUndefined();
  });
});

describe('findLinkOfKind and hardenBridge', () => {
  const link = (name: string, kind?: string): LinkInfo => ({ name, index: 1, kind, mtu: 1500, up: false, promisc: false });
  const links = (known: LinkInfo[]): LinkApi => ({ get: async (name: string) => known.find((l) => l.name === name) }) as unknown as LinkApi;

  it('returns the link of that kind, undefined when absent, and LinkKindMismatchError (code LINK_KIND_MISMATCH) otherwise', async () => {
    const api = links([link('br0', 'bridge'), link('veth0', 'veth'), link('eth0')]);
    expect(await findLinkOfKind(api, 'br0', 'bridge')).toMatchObject({ name: 'br0' });
    expect(await findLinkOfKind(api, 'nothing', 'bridge')).toBeUndefined();
    const err = await findLinkOfKind(api, 'veth0', 'bridge').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkKindMismatchError);
    expect(err).toBeInstanceOf(PluginError);
    expect(err).toBeInstanceOf(OsvifError);
    expect(err).toMatchObject({
      code: 'LINK_KIND_MISMATCH',
      ifname: 'veth0',
      expected: 'bridge',
      actual: 'veth',
      message: 'veth0 exists but is a veth, not a bridge; refusing to use or delete it',
    });
    await expect(findLinkOfKind(api, 'eth0', 'vlan')).rejects.toThrow('eth0 exists but is a plain device, not a vlan');
  });

  it('writes the three hardening sysctls of a bridge (all of them, even when one fails)', async () => {
    const written: string[] = [];
    const sysctl: Sysctl = {
      write: async (path, value) => {
        written.push(`${path.join('.')}=${value}`);
        if (path.includes('arp_ignore')) throw new Error('EACCES');
        return true;
      },
      read: async () => undefined,
    };
    await expect(hardenBridge(sysctl, 'br0')).rejects.toThrow('EACCES');
    expect(written.sort()).toEqual([
      'net.ipv4.conf.br0.arp_announce=2',
      'net.ipv4.conf.br0.arp_ignore=1',
      'net.ipv6.conf.br0.disable_ipv6=1',
    ]);
  });
});
