/**
 * Writes kernel settings under /proc/sys of the current network namespace,
 * e.g. ['net', 'ipv6', 'conf', 'br0', 'disable_ipv6']. Path parts are validated
 * (no '/', '.', '..').
 */
export interface Sysctl {
  /** Writes the value; resolves false (and writes nothing) when the key does not exist. */
  write(path: readonly string[], value: string | number): Promise<boolean>;
  /** Reads the value trimmed, or undefined when the key does not exist. */
  read(path: readonly string[]): Promise<string | undefined>;
}
