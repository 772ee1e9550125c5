// Small version helpers over dotted-decimal object versions ("1.3").
import { compareVersions, parseVersion } from '../model';

/** Highest entry of an ascending history that is <= `limit` (undefined if none, or `limit` is not a version). */
export function highestAtMost(history: readonly string[], limit: string): string | undefined {
  const l = parseVersion(limit);
  if (!l) return undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const v = parseVersion(history[i]);
    if (v && compareVersions(v, l) <= 0) return history[i];
  }
  return undefined;
}

/** Highest entry of `history` within [min, max], also <= `cap` when given (undefined if none or a bound is not a version). */
export function highestInRange(history: readonly string[], min: string, max: string, cap?: string): string | undefined {
  const lo = parseVersion(min);
  const hi = parseVersion(max);
  const c = cap === undefined ? undefined : parseVersion(cap);
  if (!lo || !hi || (cap !== undefined && !c)) return undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const v = parseVersion(history[i]);
    if (!v) continue;
    if (compareVersions(lo, v) <= 0 && compareVersions(v, hi) <= 0 && (!c || compareVersions(v, c) <= 0)) return history[i];
  }
  return undefined;
}

/** a < b, both versions (false if either is not one). */
export function versionLower(a: string, b: string): boolean {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return !!x && !!y && compareVersions(x, y) < 0;
}
