// A real pino logger given to the runtime keeps every structured field (pino takes the fields first; the
// runtime wraps it), in pino's own record shape: time, level, pid, hostname, msg.
import pino from 'pino';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostInfoResponder, InstanceInfo, VIFVHostUser } from '@osvif/objects';
import { LinkError } from '@osvif/sdk';
import { FileLockService, fromPino, isPinoLogger, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { NoOpPlugin } from '@osvif/plugin-noop';

function capture(): { logger: pino.Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, records };
}

const VIF_ID = '7a1e0c2d-1111-4d5e-8f60-718293a4b5c6';
const vif = () => new VIFVHostUser({ id: VIF_ID, plugin: 'noop', path: '/run/vhu.sock', mode: 'client' });
const info = new InstanceInfo({ uuid: '7a1e0c2d-2222-4d5e-8f60-718293a4b5c7', name: 'vm' });

describe('a pino logger', () => {
  it('passed to the runtime as is, records every field of the runtime and of the plugin (child bindings too)', async () => {
    const { logger, records } = capture();
    const rt = new OsVifRuntime({ pluginClasses: [NoOpPlugin], logger });
    await rt.initialize();
    await rt.plug(vif(), info);
    await rt.close();
    const done = records.find((r) => r.msg === 'plug succeeded');
    expect(done).toMatchObject({ level: 30, vif_id: VIF_ID, plugin: 'noop', operation: 'plug', outcome: 'ok', pid: process.pid });
    expect(done).toHaveProperty('time');
    expect(done).toHaveProperty('hostname');
    expect(typeof done!.duration_ms).toBe('number');
    // The plugin's own line, through its injected child logger: the child's binding and the call's fields.
    expect(records.find((r) => r.msg === 'noop plug')).toMatchObject({ level: 20, plugin: 'noop', vif_id: VIF_ID });
  });

  it('is recognised, and fromPino wraps it for other users; osvif loggers are left alone', () => {
    const { logger, records } = capture();
    expect(isPinoLogger(logger)).toBe(true);
    expect(isPinoLogger(new StreamLogger({ sink: { write: () => undefined } }))).toBe(false);
    const wrapped = fromPino(logger).child({ component: 'x' });
    wrapped.warn('careful', { n: 1 });
    expect(records).toEqual([expect.objectContaining({ level: 40, msg: 'careful', component: 'x', n: 1 })]);
  });

  it("keeps its fields wherever osvif takes a Logger: the lock service, the network host's responder", async () => {
    const { logger, records } = capture();
    const dir = mkdtempSync(join(tmpdir(), 'osvif-pino-'));
    const holder = new FileLockService({ lockPath: dir });
    const waiter = new FileLockService({ lockPath: dir, logger });
    try {
      let release!: () => void;
      let acquired!: () => void;
      const holding = new Promise<void>((r) => (acquired = r));
      const held = holder.withLock('pino', () => {
        acquired();
        return new Promise<void>((r) => (release = r));
      });
      await holding; // the holder has the lock (a fixed delay lost this race on a loaded machine)
      const waited = waiter.withLock('pino', async () => undefined);
      setTimeout(() => release(), 100);
      await Promise.all([held, waited]);
    } finally {
      await Promise.all([holder.close(), waiter.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(records).toContainEqual(
      expect.objectContaining({ level: 20, msg: 'lock acquired after waiting for another process', lock: 'pino' }),
    );
    const responder = new HostInfoResponder({ bind: () => Promise.reject(new Error('unused')), logger });
    await responder.handle({ binding: { port_id: 'p-1' }, host_info: { nonsense: true } });
    expect(records).toContainEqual(
      expect.objectContaining({ level: 30, msg: 'HostInfo refused', port_id: 'p-1', error: expect.anything() }),
    );
  });

  it('gets errors in fields as descriptions (pino itself would write {})', () => {
    const { logger, records } = capture();
    fromPino(logger).error('failed', { cause: new LinkError('delete', 'tap0', 'EBUSY', 'busy') });
    expect(records[0]).toMatchObject({ msg: 'failed', cause: { name: 'LinkError', code: 'LINK_ERROR', message: 'busy' } });
  });
});
