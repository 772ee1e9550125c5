/** Collects interop mismatches so one failing test reports every bad case precisely. */
import { primitiveDiff } from '@osvif/conformance';

export interface Mismatch {
  readonly what: string;
  readonly input: unknown;
  readonly expected: unknown;
  readonly got: unknown;
  readonly diff?: string;
}

export class Mismatches {
  readonly list: Mismatch[] = [];
  private checked = 0;

  /** Compare two primitives (`changes` as sets); record a mismatch when they differ. */
  same(what: string, input: unknown, expected: unknown, got: unknown): void {
    this.checked++;
    const diff = primitiveDiff(expected, got, 'expected vs got');
    if (diff) this.list.push({ what, input, expected, got, diff });
  }

  /** Record a failure that is not a primitive comparison (an exception where none was due). */
  fail(what: string, input: unknown, expected: unknown, got: unknown): void {
    this.checked++;
    this.list.push({ what, input, expected, got });
  }

  ok(): void {
    this.checked++;
  }

  get count(): number {
    return this.checked;
  }

  /** Fails the test with the first few mismatches in full and a count. */
  expectNone(minChecks = 1): void {
    expect(this.checked).toBeGreaterThanOrEqual(minChecks);
    if (this.list.length === 0) return;
    const shown = this.list
      .slice(0, 3)
      .map((m, i) =>
        [
          `#${i + 1} ${m.what}`,
          m.diff ? `  first difference: ${m.diff}` : '',
          `  input:    ${JSON.stringify(m.input)}`,
          `  expected: ${JSON.stringify(m.expected)}`,
          `  got:      ${JSON.stringify(m.got)}`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    const kinds = [...new Set(this.list.map((m) => m.what.replace(/ #\d+.*$/, '')))];
    throw new Error(`${this.list.length} of ${this.checked} interop checks failed (${kinds.join('; ')})\n\n${shown.join('\n\n')}`);
  }
}

/** Short form of an error for mismatch reports. */
export function errorSummary(err: unknown): unknown {
  if (err instanceof Error) return { error: err.name, message: err.message, ...fieldsOf(err) };
  return err;
}

function fieldsOf(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (k !== 'stack' && k !== 'message') out[k] = v;
  return out;
}
