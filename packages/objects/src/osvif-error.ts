// A plugin installed from a symlink (`npm install ../my-plugin`) loads its own copy of @osvif/objects and
// @osvif/sdk, so two `NoSuchLinkError` classes exist and plain `instanceof` fails across them. Every instance
// therefore carries a global-symbol brand listing the stable codes of its class lineage, and `instanceof`
// falls back to that brand: any copy's `X` matches an error whose lineage has `X.code`.

/** The brand's key; `Symbol.for` so that every copy of this module shares it. */
const LINEAGE = Symbol.for('@osvif/objects.OsvifError.lineage');

/** The own static `code` of each class from `cls` up to (not including) the root, most specific first. */
function lineageOf(cls: unknown, root: unknown): readonly string[] {
  const out: string[] = [];
  for (let c = cls; typeof c === 'function' && c !== root; c = Object.getPrototypeOf(c)) {
    const code = Object.prototype.hasOwnProperty.call(c, 'code') ? (c as { code?: unknown }).code : undefined;
    if (typeof code === 'string') out.push(code);
  }
  return Object.freeze(out);
}

const lineages = new WeakMap<object, readonly string[]>();

/**
 * The root of every error osvif throws. `code` is stable: callers and tools branch on it, never on the
 * message or the class name, and a released code never changes meaning. Codes are UPPER_SNAKE_CASE and
 * listed in docs/errors.md.
 *
 * `instanceof` works across copies of the osvif packages (a plugin with its own `node_modules/@osvif/sdk`):
 * `e instanceof NoSuchLinkError` is true for a `NoSuchLinkError` of any copy, matched by the static `code`s of
 * the class lineage. A class without a static `code` of its own matches only its own copy's instances.
 */
export class OsvifError extends Error {
  /** Stable machine-readable code, e.g. `VIF_CLASS_NOT_ACCEPTED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    let lineage = lineages.get(new.target);
    if (!lineage) lineages.set(new.target, (lineage = lineageOf(new.target, OsvifError)));
    // Configurable: an error rebuilt from another process's description takes that error's lineage (below).
    Object.defineProperty(this, LINEAGE, { value: lineage, enumerable: false, configurable: true });
  }

  /**
   * Ordinary `instanceof`, or, for an error of another copy of the osvif packages: the root matches any of
   * them, another class when its own static `code` is in the error's lineage.
   */
  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const lineage = value !== null && typeof value === 'object' ? (value as Record<symbol, unknown>)[LINEAGE] : undefined;
    if (!Array.isArray(lineage)) return false;
    if ((this as unknown) === OsvifError) return true;
    const code = Object.prototype.hasOwnProperty.call(this, 'code') ? (this as { code?: unknown }).code : undefined;
    return typeof code === 'string' && lineage.includes(code);
  }
}

/** The stable codes of an OsvifError's class lineage, most specific first (undefined for anything else). */
export function lineageOfError(e: unknown): readonly string[] | undefined {
  const lineage = e !== null && typeof e === 'object' ? (e as Record<symbol, unknown>)[LINEAGE] : undefined;
  return Array.isArray(lineage) ? (lineage as readonly string[]) : undefined;
}

/**
 * An error described in another process (describeError), as an OsvifError of this one: its code, name, message
 * and lineage, so `instanceof` any class of that lineage holds here as it did there (the brand above).
 */
export class DescribedOsvifError extends OsvifError {
  constructor(code: string, name: string, message: string, lineage: readonly string[], options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = name;
    Object.defineProperty(this, LINEAGE, { value: Object.freeze([...lineage]), enumerable: false, configurable: true });
  }
}
