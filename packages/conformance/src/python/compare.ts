/**
 * Comparing os-vif primitives. os-vif emits `versioned_object.changes` in Python set order
 * (hash-randomised per process), so primitives are equal when everything matches and each
 * `changes` list holds the same names in any order.
 */

const CHANGES = 'versioned_object.changes';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy with every `versioned_object.changes` sorted (and de-duplicated), keys sorted. */
export function canonicalPrimitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalPrimitive);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    out[key] = key === CHANGES && Array.isArray(v) ? [...new Set(v.map(String))].sort() : canonicalPrimitive(v);
  }
  return out;
}

/** True when the two primitives are equal with `changes` compared as sets. */
export function primitivesEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalPrimitive(a)) === JSON.stringify(canonicalPrimitive(b));
}

/** First path where two primitives differ (changes as sets), or undefined when equal. */
export function primitiveDiff(a: unknown, b: unknown, at = '$'): string | undefined {
  const ca = canonicalPrimitive(a);
  const cb = canonicalPrimitive(b);
  return diff(ca, cb, at);
}

function diff(a: unknown, b: unknown, at: string): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: array length ${a.length} != ${b.length} (${short(a)} vs ${short(b)})`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      if (!(k in a)) return `${at}.${k}: missing on the left (right: ${short(b[k])})`;
      if (!(k in b)) return `${at}.${k}: missing on the right (left: ${short(a[k])})`;
      const d = diff(a[k], b[k], `${at}["${k}"]`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${at}: ${short(a)} != ${short(b)}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 160 ? `${s.slice(0, 160)}...` : s;
}
