// Sysctl over /proc/sys of the current network namespace (net.* keys are per
// namespace). Path parts are validated so a hostile interface name cannot
// climb out of /proc/sys.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sysctl } from '@osvif/sdk';

export class InvalidSysctlPathError extends Error {
  constructor(readonly path: readonly unknown[], readonly reason: string) {
    super(`invalid sysctl path ${JSON.stringify(path)}: ${reason}`);
    this.name = 'InvalidSysctlPathError';
  }
}

export class InvalidSysctlValueError extends Error {
  constructor(readonly path: readonly string[], readonly value: unknown, readonly reason: string) {
    super(`invalid value ${JSON.stringify(value)} for ${path.join('.')}: ${reason}`);
    this.name = 'InvalidSysctlValueError';
  }
}

/** Reading or writing failed for a reason other than "no such key" (permission, EINVAL from the kernel). */
export class SysctlError extends Error {
  constructor(readonly path: readonly string[], readonly errno: string | undefined, message: string) {
    super(message);
    this.name = 'SysctlError';
  }
}

export function validateSysctlPath(path: readonly unknown[]): asserts path is readonly string[] {
  if (!Array.isArray(path) || path.length === 0) throw new InvalidSysctlPathError(Array.isArray(path) ? path : [path], 'empty');
  for (const part of path) {
    if (typeof part !== 'string' || part.length === 0) throw new InvalidSysctlPathError(path, 'parts must be non-empty strings');
    if (part === '.' || part === '..') throw new InvalidSysctlPathError(path, `reserved part ${JSON.stringify(part)}`);
    if (/[\/\0\n]/.test(part)) throw new InvalidSysctlPathError(path, "a part contains '/', NUL or a newline");
    if (Buffer.byteLength(part) > 255) throw new InvalidSysctlPathError(path, 'a part is longer than 255 bytes');
  }
}

const isMissing = (e: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');

export class ProcSysctl implements Sysctl {
  /** `root` is for tests of the path handling; production uses /proc/sys. */
  constructor(private readonly root = '/proc/sys') {}

  async write(path: readonly string[], value: string | number): Promise<boolean> {
    validateSysctlPath(path);
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new InvalidSysctlValueError(path, value, 'expected a string or a finite number');
    }
    const text = String(value);
    if (/[\n\0]/.test(text)) throw new InvalidSysctlValueError(path, value, 'contains a newline or NUL');
    try {
      // 'r+' never creates: a missing key stays missing (os-vif writes "only if the file exists").
      await writeFile(join(this.root, ...path), text, { flag: 'r+' });
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      const code = (e as NodeJS.ErrnoException).code;
      throw new SysctlError(path, code, `writing ${JSON.stringify(text)} to ${path.join('.')} failed: ${code ?? String(e)}`);
    }
  }

  async read(path: readonly string[]): Promise<string | undefined> {
    validateSysctlPath(path);
    try {
      return (await readFile(join(this.root, ...path), 'utf8')).trim();
    } catch (e) {
      if (isMissing(e)) return undefined;
      const code = (e as NodeJS.ErrnoException).code;
      throw new SysctlError(path, code, `reading ${path.join('.')} failed: ${code ?? String(e)}`);
    }
  }
}
