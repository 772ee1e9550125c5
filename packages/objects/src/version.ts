// Object versions are dotted decimals ("1.3"). oslo compares them two ways:
// tuples of ints for compat rules and PEP 440 for class resolution; for the
// release-only strings os-vif uses the two agree except that PEP 440 pads with
// zeros ("1.0.0" == "1.0"), which is what we use everywhere.

const VERSION_RE = /^\d{1,9}(?:\.\d{1,9}){0,3}$/;

/** A dotted decimal version as numbers, e.g. `[1, 2]` for "1.2". */
export type VersionTuple = readonly number[];

/** Parses "X.Y[.Z]" into numbers; undefined when not a dotted decimal (or absurdly long). */
export function parseVersion(text: unknown): VersionTuple | undefined {
  if (typeof text !== 'string' || !VERSION_RE.test(text)) return undefined;
  return text.split('.').map(Number);
}

/** PEP 440 release comparison: missing parts count as 0. */
export function compareVersions(a: VersionTuple, b: VersionTuple): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Highest entry of an ascending history that is <= `wanted`, or undefined. */
export function highestAtMost(history: readonly string[], wanted: VersionTuple): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    if (compareVersions(parseVersion(history[i])!, wanted) <= 0) return history[i];
  }
  return undefined;
}
