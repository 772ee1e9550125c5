// A linear pre-scan of a JSON body before JSON.parse: JSON.parse of a deeply nested document (e.g. 1 MB of
// '[') costs far more event loop than the scan, and the result would be refused anyway. Only brackets outside
// strings count; escapes inside strings are skipped. Malformed JSON is left to JSON.parse to name.

/** The nesting depth of the JSON text in `bytes`, stopping as soon as it passes `limit` (then returns limit + 1). */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
