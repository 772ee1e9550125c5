// Tap devices. The tun driver registers the rtnetlink kind "tun" but refuses
// creation through it ("tun/tap creation via rtnetlink is not supported",
// EOPNOTSUPP): only the TUNSETIFF ioctl on /dev/net/tun creates one, and Node
// cannot issue ioctls without a native addon. iproute2's `ip tuntap add` does
// exactly TUNSETIFF + TUNSETPERSIST, so we run it (execFile, argument array).
import { execFile } from 'node:child_process';

export interface TapCreator {
  /** Resolves when created; rejects with { code } holding an errno name when known. */
  create(name: string, multiqueue: boolean): Promise<void>;
}

export class TapCreationError extends Error {
  constructor(
    readonly code: string,
    readonly stderr: string,
  ) {
    super(`ip tuntap add failed (${code}): ${stderr.trim()}`);
    this.name = 'TapCreationError';
  }
}

// strerror() texts `ip` prints, back to errno names.
const STRERROR: ReadonlyArray<[RegExp, string]> = [
  [/Operation not permitted/i, 'EPERM'],
  [/Permission denied/i, 'EACCES'],
  [/Device or resource busy/i, 'EBUSY'],
  [/File exists/i, 'EEXIST'],
  [/Invalid argument/i, 'EINVAL'],
  [/No such file or directory/i, 'ENOENT'],
  [/No such device/i, 'ENODEV'],
];

export class IpTuntapCreator implements TapCreator {
  constructor(private readonly ipBinary = 'ip') {}

  create(name: string, multiqueue: boolean): Promise<void> {
    const args = ['tuntap', 'add', 'dev', name, 'mode', 'tap', ...(multiqueue ? ['multi_queue'] : [])];
    return new Promise((resolve, reject) => {
      execFile(this.ipBinary, args, { timeout: 10_000 }, (err, _stdout, stderr) => {
        if (!err) return resolve();
        const text = String(stderr || err.message);
        const hit = STRERROR.find(([re]) => re.test(text));
        reject(new TapCreationError(hit ? hit[1] : 'EIO', text));
      });
    });
  }
}
