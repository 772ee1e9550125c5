// oslo.config value semantics for the option types plugins can declare.
import type { ConfigOptionSpec } from '@osvif/sdk';

const TRUE = new Set(['true', '1', 'on', 'yes']);
const FALSE = new Set(['false', '0', 'off', 'no']);

/** Thrown by coerceValue; the loader adds where/group/option. */
export class ValueProblem {
  constructor(readonly reason: string) {}
}

function one(raw: string, spec: ConfigOptionSpec): unknown {
  switch (spec.type) {
    case 'str': {
      if (!spec.choices) return raw;
      const choice = spec.ignoreCase
        ? spec.choices.find((c) => c.toLowerCase() === raw.toLowerCase())
        : spec.choices.find((c) => c === raw);
      if (choice === undefined) throw new ValueProblem(`must be one of ${spec.choices.join(', ')}${spec.ignoreCase ? ' (any case)' : ''}`);
      return choice;
    }
    case 'int': {
      const t = raw.trim();
      // oslo reads `x =` as None: unset, for an option without a default; with one, unset would silently become
      // the default, so it is refused instead (differences D60).
      if (t === '' && (spec.default === undefined || spec.default === null)) return undefined;
      if (t === '')
        throw new ValueProblem(`empty: not an integer (oslo.config would read None; remove the line for the default, ${spec.default})`);
      if (!/^[+-]?\d+$/.test(t)) throw new ValueProblem('not an integer');
      const n = Number(t);
      if (!Number.isSafeInteger(n)) throw new ValueProblem('integer out of range');
      if (spec.min !== undefined && n < spec.min) throw new ValueProblem(`must be >= ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) throw new ValueProblem(`must be <= ${spec.max}`);
      return n;
    }
    case 'bool': {
      const t = raw.trim().toLowerCase();
      if (TRUE.has(t)) return true;
      if (FALSE.has(t)) return false;
      throw new ValueProblem('not a boolean (true/false, yes/no, on/off, 1/0)');
    }
    case 'list':
      return raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim());
    case 'multi-str':
      return raw;
  }
}

/** Coerces the raw strings of one option (several only for multi-str) to its typed value. */
export function coerceValue(raws: readonly string[], spec: ConfigOptionSpec): unknown {
  if (spec.type === 'multi-str') return raws.map((r) => one(r, spec));
  return one(raws[raws.length - 1], spec);
}

export function defaultValue(spec: ConfigOptionSpec): unknown {
  switch (spec.type) {
    case 'bool':
      return spec.default ?? false;
    case 'multi-str':
    case 'list':
      return [...(spec.default ?? [])];
    default:
      return spec.default ?? undefined;
  }
}
