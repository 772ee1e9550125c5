// The real host services the runtime registers.
import { tmpdir } from 'node:os';
import { CommandError } from '@osvif/sdk';
import { ExecFileCommandRunner, KeyedMutex, StreamLogger, SystemClock } from '@osvif/runtime';

describe('ExecFileCommandRunner', () => {
  const runner = new ExecFileCommandRunner();
  it('passes arguments verbatim (no shell) and feeds stdin', async () => {
    expect(await runner.run('/bin/echo', ['$(id)', '; rm -rf /', '`x`'])).toEqual({
      stdout: '$(id) ; rm -rf / `x`\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await runner.run('/bin/cat', [], { input: 'from stdin' })).toMatchObject({ stdout: 'from stdin', exitCode: 0 });
  });
  it('resolves non-zero exits and rejects missing programs and timeouts with CommandError', async () => {
    expect(await runner.run('/bin/sh', ['-c', 'echo oops >&2; exit 7'])).toEqual({ stdout: '', stderr: 'oops\n', exitCode: 7 });
    await expect(runner.run('/nonexistent/tool', [])).rejects.toMatchObject({ name: 'CommandError', reason: 'not-found' });
    const t0 = Date.now();
    const err = await runner.run('/bin/sleep', ['5'], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).toMatchObject({ reason: 'timeout', file: '/bin/sleep', args: ['5'] });
    expect(Date.now() - t0).toBeLessThan(4000);
  });
  it('reports a program killed by a signal as 128 + the signal number, as a shell does', async () => {
    // sh -c runs as an argv here (execFile, no shell of ours): the script kills its own process.
    expect(await runner.run('/bin/sh', ['-c', 'kill -TERM $$'])).toMatchObject({ exitCode: 128 + 15 });
    expect(await runner.run('/bin/sh', ['-c', 'kill -ALRM $$'])).toMatchObject({ exitCode: 142 }); // ovs-vsctl's own --timeout
    expect(await runner.run('/bin/sh', ['-c', 'echo partial; kill -KILL $$'])).toEqual({ stdout: 'partial\n', stderr: '', exitCode: 137 });
  });
  it('closes stdin when no input is given (a reader gets EOF, never waits), and a program that ignores its input is fine', async () => {
    expect(await runner.run('/bin/cat', [], { timeoutMs: 5000 })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await runner.run('/bin/true', [], { input: 'x'.repeat(1024 * 1024) })).toMatchObject({ exitCode: 0 });
  });
  it('kills at the timeout and rejects at once, even when a child of the program still holds its output open', async () => {
    const t0 = Date.now();
    // The background sleep keeps stdout open for 1.5 s after sh is killed: the call must not wait for it.
    const err = await runner.run('/bin/sh', ['-c', 'sleep 1.5 & exec sleep 5'], { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).toMatchObject({ code: 'COMMAND_NOT_RUN', reason: 'timeout', message: '/bin/sh timed out after 200 ms' });
    expect(Date.now() - t0).toBeLessThan(1200);
    await new Promise((r) => setTimeout(r, 1500)); // let the orphaned sleep end before the suite does
    // The default timeout applies when none is given; 0 means none.
    const short = new ExecFileCommandRunner(150);
    await expect(short.run('/bin/sleep', ['5'])).rejects.toMatchObject({ reason: 'timeout' });
    expect(await short.run('/bin/sleep', ['0.3'], { timeoutMs: 0 })).toMatchObject({ exitCode: 0 });
  });
  it('rejects a program that cannot be started, and one whose output passes the limit, with typed reasons', async () => {
    // A directory cannot be executed: EACCES from spawn.
    await expect(runner.run(tmpdir(), [])).rejects.toMatchObject({ name: 'CommandError', reason: 'spawn-failed' });
    await expect(runner.run('/usr/bin/head', ['-c', String(65 * 1024 * 1024), '/dev/zero'])).rejects.toMatchObject({
      name: 'CommandError',
      reason: 'output-too-large',
    });
  });
});

describe('StreamLogger', () => {
  it('writes one JSON object per line above the level, with bound fields and serialisable errors', () => {
    const lines: string[] = [];
    const log = new StreamLogger({ level: 'info', sink: { write: (l) => lines.push(l) } });
    log.debug('hidden');
    log.child({ plugin: 'ovs' }).error('failed', { error: new TypeError('bad'), n: 1n });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 50, // pino's number for error
      msg: 'failed',
      plugin: 'ovs',
      error: { name: 'TypeError', message: 'bad' },
      n: '1',
    });
  });
  it('writes short text lines when json is off', () => {
    const lines: string[] = [];
    new StreamLogger({ level: 'warning', json: false, sink: { write: (l) => lines.push(l) } }).warn('plugin failed to load', {
      package: 'x',
    });
    expect(lines).toEqual(['osvif warning: plugin failed to load package=x\n']);
  });
});

describe('KeyedMutex and SystemClock', () => {
  it('queues per name in arrival order and releases on errors', async () => {
    const m = new KeyedMutex();
    const clock = new SystemClock();
    const order: string[] = [];
    const a = m.withLock('br0', async () => {
      await clock.sleep(30);
      order.push('a');
      throw new Error('a failed');
    });
    const b = m.withLock('br0', async () => void order.push('b'));
    const c = m.withLock('br1', async () => void order.push('c'));
    await expect(a).rejects.toThrow('a failed');
    await Promise.all([b, c]);
    expect(order).toEqual(['c', 'a', 'b']);
    expect(m.busy()).toEqual([]);
  });
});
