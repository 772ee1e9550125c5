// Claiming the API socket path: one daemon per path (an OFD lock on `<socket>.lock`, held while serving, so two
// daemons starting together cannot both win), and a socket file left by a daemon that died (no listener behind
// it) is removed; anything at the path that is not a socket is never removed.
import { lstat, mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { DaemonAlreadyRunningError, DaemonSetupError } from './errors';

interface FsNative {
  tryLock(fd: number): boolean;
}

/** Holds the socket path for this daemon until release(). */
export interface SocketClaim {
  release(): Promise<void>;
}

/** Whether something accepts connections on the Unix socket at path. */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Claims `path` for a new listener: DaemonAlreadyRunningError when another daemon has it. */
export async function claimSocketPath(path: string): Promise<SocketClaim> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
  } catch (e) {
    throw new DaemonSetupError(`cannot create the directory of ${path}: ${(e as Error).message}`, { cause: e });
  }
  let lock: FileHandle;
  try {
    lock = await open(`${path}.lock`, 'a', 0o600);
  } catch (e) {
    throw new DaemonSetupError(`cannot open ${path}.lock: ${(e as Error).message}`, { cause: e });
  }
  const native = require('fs-native-extensions') as FsNative;
  if (!native.tryLock(lock.fd)) {
    await lock.close();
    throw new DaemonAlreadyRunningError(path);
  }
  try {
    const st = await lstat(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (st && !st.isSocket()) throw new DaemonSetupError(`${path} exists and is not a socket: not removing it`);
    // A daemon of another build that took no lock, still serving.
    if (st && (await listening(path))) throw new DaemonAlreadyRunningError(path);
    if (st) await unlink(path);
  } catch (e) {
    await lock.close();
    throw e instanceof DaemonAlreadyRunningError || e instanceof DaemonSetupError
      ? e
      : new DaemonSetupError(`cannot claim ${path}: ${(e as Error).message}`, { cause: e });
  }
  return {
    async release() {
      await unlink(path).catch(() => undefined);
      await lock.close().catch(() => undefined);
    },
  };
}
