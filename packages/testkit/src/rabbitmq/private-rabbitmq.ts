// A private RabbitMQ broker for one test file or bench run (Debian's rabbitmq-server, started by the caller, never
// the system's). Everything is the test's own: a temp dir holding HOME (with its own Erlang cookie), the
// Mnesia and log bases, the config and an empty plugin list; a unique node name (osvif-<pid>-<n>@localhost);
// the AMQP listener, the Erlang distribution port and a private epmd, all on 127.0.0.1 and on free ports.
// The broker runs in its own process group; stop() kills the group and our epmd, also when start failed,
// so no beam.smp or epmd outlives the test; what a killed test process left behind is swept by the next start
// (the dir records its owner pid and process groups), and a process that exits without stop() kills its groups on
// the way out. stopBroker()/startBroker() restart it on the same ports and data.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { TestkitSetupError } from '../errors';

const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** A running private broker (see startPrivateRabbitMq). */
export interface PrivateRabbitMq {
  /** `amqp://guest:guest@127.0.0.1:<port>/` (the default vhost). */
  readonly url: string;
  readonly port: number;
  /** The Erlang distribution port and the private epmd's port (127.0.0.1). */
  readonly distPort: number;
  readonly epmdPort: number;
  readonly nodeName: string;
  readonly dir: string;
  /** Stops the broker (SIGTERM to its process group, SIGKILL after 15 s) and waits for it to exit; epmd keeps running. */
  stopBroker(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the broker again on the same ports and data and waits until it accepts AMQP connections. */
  startBroker(): Promise<void>;
  /** beam.smp's pid once started (for its CPU time), from the broker's pid file. */
  brokerPid(): number | undefined;
  /** Stops the broker and epmd and removes the directory. Idempotent; never throws. */
  stop(): Promise<void>;
}

/** Options of startPrivateRabbitMq. */
export interface PrivateRabbitMqOptions {
  /** Time allowed for the broker to accept AMQP connections after a start; default 90 s. */
  readonly startTimeoutMs?: number;
  /** The AMQP listener's backlog (`tcp_listen_options.backlog`): raise it for many clients connecting at once. */
  readonly listenBacklog?: number;
}

let counter = 0;

const DIR_PREFIX = 'osvif-rmq-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills what a test process that died without stop() (killed Jest worker) left behind: each broker dir
 * records its owner's pid and the process groups it started (`owner`, `groups`).
 */
function sweepStaleRabbitMq(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner'), 'utf8'));
    } catch {
      continue; // being created, or not ours
    }
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) continue;
    let groups: number[] = [];
    try {
      groups = readFileSync(join(dir, 'groups'), 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      // none started
    }
    for (const g of groups) {
      try {
        // Only a group whose leader is still the one we started (its environment names this dir's HOME).
        if (
          !readFileSync(`/proc/${g}/environ`, 'latin1')
            .split('\0')
            .includes(`HOME=${join(dir, 'home')}`)
        )
          continue;
        process.kill(-g, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  killGroup(child, signal);
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
  // beam's helpers (erl_child_setup, inet_gethost) leave with beam; the group kill covers stragglers.
  killGroup(child, 'SIGKILL');
}

async function waitForAmqp(url: string, child: ChildProcess, timeoutMs: number, logOf: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new TestkitSetupError(
        `rabbitmq-server exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${logOf()}`,
      );
    try {
      const conn = await amqp.connect(url, { timeout: 2000 });
      await conn.close();
      return;
    } catch {
      if (Date.now() > deadline) throw new TestkitSetupError(`rabbitmq-server did not accept AMQP within ${timeoutMs} ms:\n${logOf()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Starts a private RabbitMQ (Debian's `rabbitmq-server`) on 127.0.0.1 and resolves once it accepts AMQP
 * connections. Call stop() in afterAll (it is safe after a failed or partial start: a start that throws has
 * already cleaned up). A `TestkitSetupError` when the broker does not start.
 */
export async function startPrivateRabbitMq(options: PrivateRabbitMqOptions = {}): Promise<PrivateRabbitMq> {
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  sweepStaleRabbitMq();
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, 'owner'), String(process.pid));
  const groups: number[] = [];
  const remember = (child: ChildProcess): void => {
    if (child.pid === undefined) return;
    groups.push(child.pid);
    appendFileSync(join(dir, 'groups'), `${child.pid}\n`);
  };
  // A process that exits without stop() (an interrupted bench, a Jest worker torn down) takes its broker along.
  const killOnExit = (): void => {
    for (const g of groups)
      try {
        process.kill(-g, 'SIGKILL');
      } catch {
        // gone
      }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  const home = join(dir, 'home');
  mkdirSync(home);
  writeFileSync(join(home, '.erlang.cookie'), randomBytes(16).toString('hex').toUpperCase());
  chmodSync(join(home, '.erlang.cookie'), 0o400);
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.1 = 127.0.0.1:${port}`,
      ...(options.listenBacklog !== undefined ? [`tcp_listen_options.backlog = ${options.listenBacklog}`] : []),
      'log.console = true',
      'log.console.level = warning',
      'log.file = false',
      '',
    ].join('\n'),
  );
  const nodeName = `osvif-${process.pid}-${++counter}@localhost`;
  const env: Record<string, string> = {
    PATH: '/usr/bin:/bin:/usr/sbin:/sbin',
    HOME: home,
    LANG: 'C.UTF-8',
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_FEATURE_FLAGS_FILE: join(dir, 'feature_flags'),
    RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
    RABBITMQ_CONF_ENV_FILE: '/dev/null',
  };
  const url = `amqp://guest:guest@127.0.0.1:${port}/`;
  const logFile = join(dir, 'broker.log');
  const logOf = (): string => {
    try {
      return readFileSync(logFile, 'utf8').slice(-4000);
    } catch {
      return '(no log)';
    }
  };

  // Our own epmd on a private port, started before the node so the node never starts (and leaks) one.
  const epmd = spawn('epmd', ['-port', String(epmdPort), '-address', '127.0.0.1'], { env, stdio: 'ignore', detached: true });
  remember(epmd);
  let broker: ChildProcess | undefined;
  let stopped = false;

  const startBroker = async (): Promise<void> => {
    const fd = openSync(logFile, 'a');
    broker = spawn(RABBITMQ_SERVER, [], { env, stdio: ['ignore', fd, fd], detached: true });
    remember(broker);
    closeSync(fd);
    await waitForAmqp(url, broker, startTimeoutMs, logOf);
  };
  const stopBroker = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => stopChild(broker, signal, 15_000);
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopChild(broker, 'SIGTERM', 15_000).catch(() => undefined);
    await stopChild(epmd, 'SIGTERM', 2_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', killOnExit);
  };
  const brokerPid = (): number | undefined => {
    try {
      return Number(readFileSync(join(dir, 'rabbitmq.pid'), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };

  try {
    await startBroker();
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, distPort, epmdPort, nodeName, dir, stopBroker, startBroker, brokerPid, stop };
}
