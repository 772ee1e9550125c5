// Tap devices. The tun driver registers the rtnetlink kind "tun" but refuses
// creation through it ("tun/tap creation via rtnetlink is not supported",
// EOPNOTSUPP): only the TUNSETIFF ioctl on /dev/net/tun creates one, and Node
// cannot issue ioctls without a native addon. iproute2's `ip tuntap add` does
// exactly TUNSETIFF + TUNSETPERSIST, so we run it (execFile, argument array).
import { execFile } from 'node:child_process';
import { OsvifError } from '@osvif/objects';

export interface TapCreator {
  /** Resolves when created; rejects with TapCreationError (its `errno` names the failure when known). */
  create(name: string, multiqueue: boolean): Promise<void>;
}

/** `ip tuntap add` failed; `errno` is the errno name read from its message (EIO when unknown). */
export class TapCreationError extends OsvifError {
  static readonly code = 'TAP_CREATION_FAILED';
  constructor(
    readonly errno: string,
    readonly stderr: string,
  ) {
    super(TapCreationError.code, `ip tuntap add failed (${errno}): ${stderr.trim()}`);
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
