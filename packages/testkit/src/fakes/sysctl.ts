// An in-memory Sysctl that records every write: /proc/sys as a Map of dotted keys.
import type { Sysctl } from '@osvif/sdk';

/** One write a RecordingSysctl received. */
export interface RecordedSysctlWrite {
  /** The dotted key, e.g. `net.ipv6.conf.br0.disable_ipv6`. */
  readonly key: string;
  readonly value: string;
  /** False when the key did not exist (nothing was written), as the real Sysctl answers. */
  readonly written: boolean;
}

/**
 * A fake Sysctl over a table of keys. Only keys in the table exist (seed them, or pass `createOnWrite`):
 * a write to any other resolves false and writes nothing, like /proc/sys for an interface that is not there.
 *
 * @example new RecordingSysctl({ 'net.ipv6.conf.br0.disable_ipv6': '0' })
 */
export class RecordingSysctl implements Sysctl {
  /** Every write, in order. */
  readonly writes: RecordedSysctlWrite[] = [];
  private readonly table: Map<string, string>;

  constructor(
    seed: Readonly<Record<string, string | number>> = {},
    private readonly options: { readonly createOnWrite?: boolean } = {},
  ) {
    this.table = new Map(Object.entries(seed).map(([k, v]) => [k, String(v)]));
  }

  /** The current value of a dotted key, without recording anything. */
  value(key: string): string | undefined {
    return this.table.get(key);
  }

  async write(path: readonly string[], value: string | number): Promise<boolean> {
    const key = path.join('.');
    const written = this.table.has(key) || this.options.createOnWrite === true;
    if (written) this.table.set(key, String(value));
    this.writes.push({ key, value: String(value), written });
    return written;
  }

  async read(path: readonly string[]): Promise<string | undefined> {
    return this.table.get(path.join('.'));
  }
}
