// The one way osvif turns an error into something for people (one line) or
// tools (JSON): the CLI, the runtime's structured log, the test kit's agent and
// the conformance harness all use it, so an error reads the same everywhere.
import { DescribedOsvifError, lineageOfError, OsvifError } from './osvif-error';

/** `code` of anything that is neither an OsvifError nor an Error with a string `code`. */
export const UNKNOWN_ERROR_CODE = 'UNKNOWN';

/** How deep `cause` chains are followed (a cycle or a very long chain stops there). */
const MAX_CAUSE_DEPTH = 8;

/** An error as plain JSON: what tools branch on (`code`) and what people read (`name: message`). */
export interface ErrorDescription {
  /**
   * Stable code: an OsvifError's `code`; the string `code` of another error (an OvsdbError's code, a
   * Node errno name such as `ENOENT`); else `UNKNOWN`.
   */
  readonly code: string;
  /** The error's class name (`name`), or the JavaScript type of a thrown non-error (`string`, `object`...). */
  readonly name: string;
  readonly message: string;
  /**
   * An OsvifError's class lineage: the stable codes of its class and of each ancestor class that has one, most
   * specific first (what `instanceof` matches on; errorFromDescription gives it back).
   */
  readonly lineage?: readonly string[];
  /** The described `cause`, when the error has one. */
  readonly cause?: ErrorDescription;
}

/** Describes any thrown value as JSON: OsvifError, OvsdbError-like errors (string `code`), plain Errors and non-errors. */
export function describeError(e: unknown): ErrorDescription {
  return describeAt(e, 0, new Set());
}

function describeAt(e: unknown, depth: number, seen: Set<unknown>): ErrorDescription {
  if (!(e instanceof Error)) return { code: UNKNOWN_ERROR_CODE, name: typeof e, message: String(e) };
  seen.add(e);
  const code = e instanceof OsvifError ? e.code : stringCode(e);
  const lineage = lineageOfError(e);
  const base = { code, name: e.name, message: e.message, ...(lineage?.length ? { lineage } : {}) };
  const cause = e.cause;
  if (cause === undefined || depth + 1 >= MAX_CAUSE_DEPTH || seen.has(cause)) return base;
  return { ...base, cause: describeAt(cause, depth + 1, seen) };
}

function stringCode(e: Error): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : UNKNOWN_ERROR_CODE;
}

/**
 * The inverse of describeError, for an error described in another process (the daemon's answers): an OsvifError
 * with the same code, name, message and causes, which is `instanceof` every osvif class its lineage names
 * (`e instanceof PlugFailedError` holds for a plug that failed in the daemon). Fields that are not what
 * describeError makes are not trusted: a lineage entry must be a code (UPPER_SNAKE_CASE).
 */
export function errorFromDescription(d: ErrorDescription): OsvifError {
  return fromDescriptionAt(d, 0);
}

const CODE = /^[A-Z][A-Z0-9_]*$/;

function fromDescriptionAt(d: ErrorDescription, depth: number): OsvifError {
  const lineage = Array.isArray(d.lineage) ? d.lineage.filter((c): c is string => typeof c === 'string' && CODE.test(c)) : [];
  const cause = d.cause && typeof d.cause === 'object' && depth + 1 < MAX_CAUSE_DEPTH ? fromDescriptionAt(d.cause, depth + 1) : undefined;
  return new DescribedOsvifError(String(d.code), String(d.name), String(d.message), lineage, cause ? { cause } : undefined);
}

/**
 * One line for people: `<name>: <message>` for an Error (line breaks folded into spaces), `String(e)` for
 * anything else. The CLI prints it after `osvif: error: `.
 */
export function errorLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
