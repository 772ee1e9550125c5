// A private, userspace Open vSwitch for tests and benchmarks: its own
// ovsdb-server and ovs-vswitchd, all state in a temp dir, never the
// system's /var/run/openvswitch. Bridges must use datapath_type=netdev
// (this kernel has no OVS module).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCommand } from '../commands';
import { createOvsTestNetns, OvsTestNetns } from './netns';

/** The OVS database schema the private ovsdb-server is created with (Debian's openvswitch-common). */
export const OVS_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/** Options of startPrivateOvs. */
export interface PrivateOvsOptions {
  /**
   * Run ovs-vswitchd inside this network namespace (`ip netns exec`), so its
   * taps/internal ports appear there. Without it, a private namespace is
   * created (and deleted by stop()): ovs-vswitchd never makes links on the host.
   */
  readonly netns?: string;
  /** Parent directory for the temp dir (default os.tmpdir()). Keep it short: unix socket paths are limited to 107 bytes. */
  readonly dir?: string;
  /** Also listen on tcp:127.0.0.1:<random port> (see `tcpEndpoint`). */
  readonly tcp?: boolean;
  /** Start ovs-vswitchd (default true). Without it, writes that wait for cur_cfg time out. */
  readonly vswitchd?: boolean;
}

/** A running private Open vSwitch (see startPrivateOvs). */
export interface PrivateOvs {
  /** `unix:<dir>/db.sock`. */
  readonly dbEndpoint: string;
  /** `tcp:127.0.0.1:PORT` when started with `tcp: true`. */
  readonly tcpEndpoint?: string;
  readonly dir: string;
  /** The namespace ovs-vswitchd runs in (the given one or its own). */
  readonly netns: string;
  /** Runs `ovs-vsctl --db=<endpoint> --timeout=10 <args>`; resolves with stdout, rejects with TestkitCommandError. */
  vsctl(args: readonly string[]): Promise<string>;
  /** Kills ovsdb-server (SIGKILL by default: a crash, not a clean shutdown). */
  stopDb(signal?: NodeJS.Signals): Promise<void>;
  /** Starts ovsdb-server again on the same database file and socket. */
  startDb(): Promise<void>;
  /** Stops ovs-vswitchd (SIGTERM) and waits for it to exit; the database keeps running. */
  stopVswitchd(): Promise<void>;
  /** Starts ovs-vswitchd again against the same database. */
  startVswitchd(): Promise<void>;
  /** Kills both daemons and removes the directory. Idempotent; never throws. */
  stop(): Promise<void>;
}

type Env = Readonly<Record<string, string>>;

function check(file: string, args: readonly string[], env: Env): Promise<string> {
  return checkCommand(file, args, { env, timeoutMs: 120_000 });
}

/** Installs Debian's openvswitch-switch when the daemons are missing (non-interactive). */
async function ensureInstalled(): Promise<void> {
  if (existsSync('/usr/sbin/ovsdb-server') && existsSync('/usr/sbin/ovs-vswitchd') && existsSync(OVS_SCHEMA)) return;
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await check('apt-get', ['update'], env);
  await check('apt-get', ['install', '-y', '--no-install-recommends', 'openvswitch-switch'], env);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A detached daemon is reparented; if nobody reaps it, it lingers as a zombie: count that as gone.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function killAndWait(pid: number | undefined, signal: NodeJS.Signals): Promise<void> {
  if (pid === undefined || !alive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  for (let i = 0; i < 200 && alive(pid); i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (i === 100) process.kill(pid, 'SIGKILL');
  }
}

/** Instances still running, killed synchronously if the process exits without stop(). */
const live = new Map<string, () => void>();
let exitHook = false;

/**
 * Starts a private, userspace Open vSwitch: its own ovsdb-server and ovs-vswitchd, all state in a temp dir
 * (never the system's), ovs-vswitchd inside `netns` (or a namespace of its own). Installs Debian's
 * openvswitch-switch first when the daemons are missing. Stopped by stop(), or killed when the process exits.
 * Bridges must use datapath_type=netdev.
 */
export async function startPrivateOvs(options: PrivateOvsOptions = {}): Promise<PrivateOvs> {
  await ensureInstalled();
  // The creator's pid in the name: the host guard blames a run only for daemons whose creator has exited.
  const dir = mkdtempSync(join(options.dir ?? tmpdir(), `osvif-ovs-${process.pid}-`));
  const env: Env = {
    OVS_RUNDIR: dir,
    OVS_DBDIR: dir,
    OVS_LOGDIR: dir,
    OVS_SYSCONFDIR: dir,
    OVS_PKGDATADIR: '/usr/share/openvswitch',
  };
  const f = (name: string): string => join(dir, name);
  const sock = f('db.sock');
  const dbEndpoint = `unix:${sock}`;
  const tcpPort = options.tcp ? 30000 + Math.floor(Math.random() * 30000) : undefined;
  const dbPid = f('ovsdb-server.pid');
  let ownNetns: OvsTestNetns | undefined;
  let netns = options.netns ?? '';
  const vsPid = f('ovs-vswitchd.pid');

  const startDb = async (): Promise<void> => {
    await check(
      'ovsdb-server',
      [
        f('conf.db'),
        `--remote=punix:${sock}`,
        ...(tcpPort ? [`--remote=ptcp:${tcpPort}:127.0.0.1`] : []),
        `--pidfile=${dbPid}`,
        `--log-file=${f('ovsdb-server.log')}`,
        `--unixctl=${f('ovsdb-server.ctl')}`,
        '--detach',
        '--no-chdir',
      ],
      env,
    );
  };
  const startVswitchd = async (): Promise<void> => {
    const argv = [
      dbEndpoint,
      `--pidfile=${vsPid}`,
      `--log-file=${f('ovs-vswitchd.log')}`,
      `--unixctl=${f('ovs-vswitchd.ctl')}`,
      '--disable-system',
      '--detach',
      '--no-chdir',
    ];
    await check('ip', ['netns', 'exec', netns, 'ovs-vswitchd', ...argv], env);
  };
  const stopDb = (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => killAndWait(readPid(dbPid), signal);
  const stopVswitchd = (): Promise<void> => killAndWait(readPid(vsPid), 'SIGTERM');
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      live.delete(dir);
      await stopVswitchd().catch(() => undefined);
      await stopDb('SIGTERM').catch(() => undefined);
      await ownNetns?.dispose();
      rmSync(dir, { recursive: true, force: true });
    })());

  live.set(dir, () => {
    for (const p of [readPid(vsPid), readPid(dbPid)]) if (p !== undefined && alive(p)) process.kill(p, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    if (ownNetns) spawnSync('ip', ['netns', 'del', ownNetns.name]);
  });
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const kill of live.values()) kill();
    });
  }

  try {
    if (options.netns === undefined) {
      ownNetns = await createOvsTestNetns();
      netns = ownNetns.name;
    }
    await check('ovsdb-tool', ['create', f('conf.db'), OVS_SCHEMA], env);
    await startDb();
    await check('ovs-vsctl', [`--db=${dbEndpoint}`, '--no-wait', 'init'], env);
    if (options.vswitchd !== false) await startVswitchd();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    dbEndpoint,
    ...(tcpPort ? { tcpEndpoint: `tcp:127.0.0.1:${tcpPort}` } : {}),
    dir,
    netns,
    vsctl: (args) => check('ovs-vsctl', [`--db=${dbEndpoint}`, '--timeout=10', ...args], env),
    stopDb,
    startDb,
    stopVswitchd,
    startVswitchd,
    stop,
  };
}
