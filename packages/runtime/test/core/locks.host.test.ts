// LOCKS across processes (FileLockService): separate Node processes contending
// for one name are serialised, different names are not, a SIGKILLed holder
// frees the lock at once, os-vif's own oslo.concurrency lock (run with the real
// /usr/bin/python3) excludes us and we exclude it, bad names are rejected, and
// the runtime injects a FileLockService on [osvif]/[oslo_concurrency] lock_path.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { inject, LOCKS, LockService, VifPlugin, Consumes, Plug, Unplug } from '@osvif/sdk';
import { VIFBridge } from '@osvif/objects';
import { Config, FileLockService, InvalidLockNameError, KeyedMutex, LockTimeoutError, OsVifRuntime, StreamLogger } from '@osvif/runtime';
import { defaultLockPath } from '../../src/core/services/file-locks';

// The built runtime (the test command builds before Jest runs): children load what an operator runs.
const RUNTIME_DIST = path.join(__dirname, '../../dist/index.js');

/**
 * The child: loads the built @osvif/runtime, says "ready", waits for "go" on stdin, then holds
 * the lock for holdMs (forever if < 0), appending "<tag> start|end <ms>" to log.
 */
const WORKER = `
const fs = require('node:fs');
const [runtime, lockPath, name, tag, log, holdMs] = process.argv.slice(1);
const { FileLockService } = require(runtime);
const locks = new FileLockService({ lockPath, timeoutMs: 20000 });
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  try {
    const withIt = name.startsWith('keyed:') ? (fn) => locks.withKeyedLock('osvif-vifs.lock', name.slice(6), fn) : (fn) => locks.withLock(name, fn);
    await withIt(async () => {
      fs.appendFileSync(log, tag + ' start ' + Date.now() + '\\n');
      process.stdout.write('acquired\\n');
      // Held forever by a promise nothing references; collecting garbage all along must not drop the lock.
      if (Number(holdMs) < 0) await new Promise(() => setInterval(() => global.gc(), 20));
      await new Promise((r) => setTimeout(r, Number(holdMs)));
      fs.appendFileSync(log, tag + ' end ' + Date.now() + '\\n');
    });
    process.exit(0);
  } catch (e) {
    process.stdout.write('error ' + e.name + '\\n');
    process.exit(2);
  }
});
`;

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when the child prints `line`. */
  waitFor(line: string): Promise<void>;
  exited: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];

function startWorker(lockPath: string, name: string, tag: string, log: string, holdMs: number): Worker {
  const child = spawn(process.execPath, ['--expose-gc', '-e', WORKER, RUNTIME_DIST, lockPath, name, tag, log, String(holdMs)]);
  children.push(child);
  const lines: string[] = [];
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  readline.createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.filter((w) => w.line === l)) w.resolve();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    exited,
    waitFor: (line) =>
      lines.includes(line)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ line, resolve });
            void exited.then((code) => reject(new Error(`worker ${tag} exited ${code} before "${line}": ${lines.join('|')} ${stderr}`)));
          }),
  };
}

/** Per-tag [start, end] from the workers' shared log. */
function intervals(log: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
    const [tag, what, ms] = line.split(' ');
    const iv = out.get(tag) ?? [NaN, NaN];
    iv[what === 'start' ? 0 : 1] = Number(ms);
    out.set(tag, iv);
  }
  return out;
}

let dir: string;
let lockPath: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'osvif-locks-test-'));
  lockPath = path.join(dir, 'locks');
  log = path.join(dir, 'log');
  writeFileSync(log, '');
});
beforeAll(() => {
  if (!existsSync(RUNTIME_DIST)) throw new Error('the runtime is not built: run `npx tsc -b tsconfig.build.json` first');
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('FileLockService between processes', () => {
  it('serialises two processes on one name (no overlap), and runs different names concurrently', async () => {
    const HOLD = 300;
    const a = startWorker(lockPath, 'nova-lock_bridge', 'a', log, HOLD);
    const b = startWorker(lockPath, 'nova-lock_bridge', 'b', log, HOLD);
    const c = startWorker(lockPath, 'nova-iptables', 'c', log, HOLD);
    await Promise.all([a.waitFor('ready'), b.waitFor('ready'), c.waitFor('ready')]);
    for (const w of [a, b, c]) w.child.stdin.write('go\n');
    expect(await Promise.all([a.exited, b.exited, c.exited])).toEqual([0, 0, 0]);

    const iv = intervals(log);
    const [[s1, e1], [s2, e2]] = [iv.get('a')!, iv.get('b')!].sort((x, y) => x[0] - y[0]);
    expect(e1 - s1).toBeGreaterThanOrEqual(HOLD - 5);
    expect(s2).toBeGreaterThanOrEqual(e1); // the second started only after the first ended
    expect(e2 - s2).toBeGreaterThanOrEqual(HOLD - 5);
    // 'nova-iptables' did not wait for 'nova-lock_bridge': it overlapped both... or at least the first.
    const [sc, ec] = iv.get('c')!;
    expect(sc).toBeLessThan(e1);
    expect(ec).toBeGreaterThan(s1);
    // Lock files are the plain names, as oslo.concurrency's.
    expect(readdirSync(lockPath).sort()).toEqual(['nova-iptables', 'nova-lock_bridge']);
  }, 20000);

  it('keyed locks (one byte per key of one file, as the runtime locks VIFs): same key excluded across processes, other keys free, one file', async () => {
    const holder = startWorker(lockPath, 'keyed:vif-a', 'h', log, -1);
    await holder.waitFor('ready');
    holder.child.stdin.write('go\n');
    await holder.waitFor('acquired');

    const locks = new FileLockService({ lockPath, timeoutMs: 250 });
    try {
      const err = await locks.withKeyedLock('osvif-vifs.lock', 'vif-a', async () => 'too early').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect(err).toMatchObject({ lockName: 'osvif-vifs.lock[vif-a]', path: path.join(lockPath, 'osvif-vifs.lock') });
      const t0 = Date.now();
      expect(await locks.withKeyedLock('osvif-vifs.lock', 'vif-b', async () => 'free')).toBe('free');
      expect(Date.now() - t0).toBeLessThan(200);
      holder.child.kill('SIGKILL');
      await holder.exited;
      expect(await locks.withKeyedLock('osvif-vifs.lock', 'vif-a', async () => 'after kill')).toBe('after kill');
      // Many keys, no file per key.
      for (let i = 0; i < 50; i++) await locks.withKeyedLock('osvif-vifs.lock', `vif-${i}`, async () => undefined);
      expect(readdirSync(lockPath)).toEqual(['osvif-vifs.lock']);
    } finally {
      await locks.close();
    }
  }, 20000);

  it('a holder killed with SIGKILL frees the lock at once (the kernel drops it), with a typed timeout before', async () => {
    const holder = startWorker(lockPath, 'nova-lock_vlan', 'h', log, -1);
    await holder.waitFor('ready');
    holder.child.stdin.write('go\n');
    await holder.waitFor('acquired');

    const locks = new FileLockService({ lockPath, timeoutMs: 250 });
    const ran: string[] = [];
    const err = await locks.withLock('nova-lock_vlan', async () => void ran.push('too early')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect(err).toMatchObject({ lockName: 'nova-lock_vlan', path: path.join(lockPath, 'nova-lock_vlan') });
    expect((err as LockTimeoutError).waitedMs).toBeGreaterThanOrEqual(250);
    expect(ran).toEqual([]);

    holder.child.kill('SIGKILL');
    await holder.exited;
    const patient = new FileLockService({ lockPath, timeoutMs: 5000 });
    const t0 = Date.now();
    await patient.withLock('nova-lock_vlan', async () => void ran.push('after kill'));
    expect(ran).toEqual(['after kill']);
    expect(Date.now() - t0).toBeLessThan(1000); // no stale period to sit out
  }, 20000);
});

// os-vif takes these locks with oslo.concurrency (fasteners -> fcntl lockf);
// our OFD locks on the same file conflict with them in both directions.
describe('FileLockService with os-vif (oslo.concurrency, real /usr/bin/python3)', () => {
  const PY_HOLD = [
    'import sys',
    'from oslo_concurrency import lockutils',
    "with lockutils.lock('nova-lock_bridge', external=True, lock_path=sys.argv[1]):",
    "    print('held', flush=True)",
    '    sys.stdin.readline()',
  ].join('\n');
  const PY_TRY = [
    'import sys, fasteners',
    'l = fasteners.InterProcessLock(sys.argv[1] + "/nova-lock_bridge")',
    "print('got' if l.acquire(blocking=False) else 'busy')",
  ].join('\n');

  it('waits while os-vif holds nova-lock_bridge, and os-vif cannot take it while we hold it', async () => {
    const py = spawn('/usr/bin/python3', ['-c', PY_HOLD, lockPath]);
    children.push(py);
    await new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: py.stdout }).on('line', (l) => l === 'held' && resolve());
      py.on('exit', (code) => reject(new Error(`python exited ${code}`)));
    });
    const locks = new FileLockService({ lockPath, timeoutMs: 200 });
    await expect(locks.withLock('nova-lock_bridge', async () => 'no')).rejects.toBeInstanceOf(LockTimeoutError);
    py.stdin.end('\n');
    await new Promise((r) => py.on('exit', r));

    const inside = await locks.withLock('nova-lock_bridge', async () => {
      return spawnSync('/usr/bin/python3', ['-c', PY_TRY, lockPath], { encoding: 'utf8' }).stdout.trim();
    });
    expect(inside).toBe('busy');
    expect(spawnSync('/usr/bin/python3', ['-c', PY_TRY, lockPath], { encoding: 'utf8' }).stdout.trim()).toBe('got');
  }, 20000);
});

describe('FileLockService in one process', () => {
  it('rejects hostile or unusable names with InvalidLockNameError, before touching the disk or running fn', async () => {
    const locks = new FileLockService({ lockPath });
    let ran = 0;
    const bad = ['', '/etc/passwd', 'a/b', '..', '../x', 'a..b', '.hidden', 'x'.repeat(129), 'nul\0byte', 'new\nline', 'sp ace', '-rf'];
    for (const name of bad) {
      const err = await locks.withLock(name, async () => void ran++).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidLockNameError);
      expect((err as InvalidLockNameError).lockName).toBe(name);
      expect((err as InvalidLockNameError).reason).toEqual(expect.any(String));
    }
    const notString = await locks.withLock(42 as unknown as string, async () => void ran++).catch((e: unknown) => e);
    expect(notString).toBeInstanceOf(InvalidLockNameError);
    expect(ran).toBe(0);
    expect(existsSync(lockPath)).toBe(false);
    // The longest allowed name, and the names the plugins use, work.
    for (const name of ['x'.repeat(128), 'nova-lock_bridge', 'osvif-ovs-trunk-bridge-tbr-1a2b3c4d-5e']) {
      await locks.withLock(name, async () => void ran++);
    }
    expect(ran).toBe(3);
  });

  it('keeps KeyedMutex semantics: FIFO per name, names independent, results and errors passed through', async () => {
    const locks = new FileLockService({ lockPath });
    const events: string[] = [];
    const job = (name: string, tag: string, ms: number) =>
      locks.withLock(name, async () => {
        events.push(`${tag}+`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`${tag}-`);
        return tag;
      });
    const results = await Promise.all([job('n', 'a', 40), job('n', 'b', 5), job('n', 'c', 5), job('m', 'x', 5)]);
    expect(results).toEqual(['a', 'b', 'c', 'x']);
    expect(events.filter((e) => e !== 'x+' && e !== 'x-')).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(events.indexOf('x-')).toBeLessThan(events.indexOf('a-')); // 'm' did not wait for 'n'

    const boom = new Error('boom');
    await expect(locks.withLock('n', async () => Promise.reject(boom))).rejects.toBe(boom);
    // Released after the throw: a second service (own file descriptions, as another process) gets it at once.
    const other = new FileLockService({ lockPath, timeoutMs: 100 });
    await expect(other.withLock('n', async () => 'free')).resolves.toBe('free');
  });

  it('times out in the in-process queue too, and an abandoned waiter never runs later', async () => {
    const locks = new FileLockService({ lockPath, timeoutMs: 150 });
    let release!: () => void;
    const holding = locks.withLock('q', () => new Promise<void>((r) => (release = r)));
    const ran: string[] = [];
    const err = await locks.withLock('q', async () => void ran.push('late')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as LockTimeoutError).waitedMs).toBeGreaterThanOrEqual(145);
    release();
    await holding;
    await locks.withLock('q', async () => void ran.push('next'));
    expect(ran).toEqual(['next']);
  });

  it('reports a lock_path it cannot create as a typed error', async () => {
    writeFileSync(path.join(dir, 'file'), '');
    const locks = new FileLockService({ lockPath: path.join(dir, 'file', 'locks') });
    await expect(locks.withLock('x', async () => 1)).rejects.toMatchObject({
      name: 'LockPathError',
      path: path.join(dir, 'file', 'locks'),
    });
  });

  it('KeyedMutex itself is unchanged and still exported', async () => {
    const m = new KeyedMutex();
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => m.withLock('k', async () => void order.push(i))));
    expect(order).toEqual([1, 2, 3]);
    expect(m.busy()).toEqual([]);
  });
});

describe('runtime wiring of LOCKS', () => {
  @VifPlugin({ name: 'lockuser' })
  @Consumes(VIFBridge, '^1.0')
  class LockUser {
    constructor(@inject(LOCKS) readonly locks: LockService) {}
    @Plug(VIFBridge) p(): void {}
    @Unplug(VIFBridge) u(): void {}
  }
  const quiet = () => new StreamLogger({ level: 'error', json: true, sink: { write: () => undefined } });

  async function injectedLocks(config: Config): Promise<LockService> {
    const rt = new OsVifRuntime({ pluginClasses: [LockUser], config, logger: quiet() });
    await rt.initialize();
    const locks = (rt.loadedPlugins().find((p) => p.name === 'lockuser')!.instance as LockUser).locks;
    await rt.close();
    return locks;
  }

  it('takes the very lock file os-vif takes on a nova.conf whose lock_path is $state_path/tmp (oslo.config reads it too)', async () => {
    const conf = path.join(dir, 'nova.conf');
    writeFileSync(
      conf,
      `[DEFAULT]\nstate_path = ${dir}/state\n[oslo_concurrency]\nlock_path = $state_path/tmp\n[osvif]\nlock_timeout = 1\n`,
    );
    // As Nova runs os-vif: state_path registered, oslo.concurrency's options read from the same file.
    const PY = [
      'import os, sys',
      'from oslo_config import cfg',
      'from oslo_concurrency import lockutils',
      'conf = cfg.ConfigOpts()',
      "conf.register_opt(cfg.StrOpt('state_path'))",
      "conf.register_opts(lockutils._opts, group='oslo_concurrency')",
      "conf(['--config-file', sys.argv[1]], project='nova', default_config_files=[], default_config_dirs=[])",
      'lp = conf.oslo_concurrency.lock_path',
      "with lockutils.lock('nova-lock_bridge', external=True, lock_path=lp):",
      "    print('held ' + os.path.join(lp, 'nova-lock_bridge'), flush=True)",
      '    sys.stdin.readline()',
    ].join('\n');
    const py = spawn('/usr/bin/python3', ['-c', PY, conf]);
    children.push(py);
    const held = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: py.stdout }).on('line', (l) => l.startsWith('held ') && resolve(l.slice(5)));
      py.on('exit', (code) => reject(new Error(`python exited ${code}`)));
    });
    expect(held).toBe(`${dir}/state/tmp/nova-lock_bridge`);

    const locks = (await injectedLocks(new Config({ files: [conf] }))) as FileLockService;
    expect(locks.lockPath).toBe(`${dir}/state/tmp`);
    const err = await locks.withLock('nova-lock_bridge', async () => 'no').catch((e: unknown) => e);
    expect(err).toMatchObject({ constructor: LockTimeoutError, path: held });
    py.stdin.end('\n');
    await new Promise((r) => py.on('exit', r));
    expect(await locks.withLock('nova-lock_bridge', async () => 'yes')).toBe('yes');
    expect(existsSync(path.join(process.cwd(), '$state_path'))).toBe(false);
  }, 20000);

  it('injects a FileLockService on [oslo_concurrency] lock_path, overridden by [osvif] lock_path, with lock_timeout', async () => {
    const oslo = await injectedLocks(Config.fromText(`[oslo_concurrency]\nlock_path = ${lockPath}\n`));
    expect(oslo).toBeInstanceOf(FileLockService);
    expect((oslo as FileLockService).lockPath).toBe(lockPath);
    expect((oslo as FileLockService).timeoutMs).toBe(300_000);

    const own = await injectedLocks(
      Config.fromText(`[oslo_concurrency]\nlock_path = /nonexistent\n[osvif]\nlock_path = ${dir}/own\nlock_timeout = 7\n`),
    );
    expect((own as FileLockService).lockPath).toBe(`${dir}/own`);
    expect((own as FileLockService).timeoutMs).toBe(7000);
    await own.withLock('nova-lock_bridge', async () => undefined);
    expect(readdirSync(`${dir}/own`)).toEqual(['nova-lock_bridge']);

    const unset = await injectedLocks(Config.fromText(''));
    expect((unset as FileLockService).lockPath).toBe(defaultLockPath());
  });
});
