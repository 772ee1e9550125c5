// Object versions are "major.minor"; plugins declare accepted versions as
// semver ranges over them ("1.0 - 1.1", "^1.0"), with "1.1" read as 1.1.0.
// Deep imports: the semver index loads every helper (~40 ms of cold start).
import satisfies = require('semver/functions/satisfies');
import validRange = require('semver/ranges/valid');

/** "1.1" -> "1.1.0"; undefined when the text is not a 1-3 part dotted decimal. */
export function toSemver(version: string): string | undefined {
  if (typeof version !== 'string' || !/^\d+(\.\d+){0,2}$/.test(version)) return undefined;
  const parts = version.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.map((p) => String(Number(p))).join('.');
}

export function isValidRange(range: string): boolean {
  return typeof range === 'string' && range.trim().length > 0 && validRange(range) !== null;
}

/** Answers already given: every plug asks the same few (version, range) questions. */
const inRange = new Map<string, boolean>();

/** True when the object version lies inside the range. */
export function versionInRange(version: string, range: string): boolean {
  const key = `${version}\u0000${range}`;
  let answer = inRange.get(key);
  if (answer === undefined) {
    const v = toSemver(version);
    answer = v !== undefined && satisfies(v, range);
    if (inRange.size >= 1024) inRange.clear(); // bounded: versions and ranges come from peers too
    inRange.set(key, answer);
  }
  return answer;
}

/** The entries of an ascending version history that lie inside the range (order kept). */
export function versionsInRange(history: readonly string[], range: string): string[] {
  return history.filter((v) => versionInRange(v, range));
}
