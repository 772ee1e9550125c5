// `osvif objects convert`: validate a primitive and write it back, optionally
// backlevelled. The CLI only wires streams and exit codes to this.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { describeValue, errorLine, fromJSON, MAX_JSON_LENGTH, ObjectError, ObjectPrimitive, parseVersion } from '@osvif/objects';

export interface ConvertOptions {
  /** Target version of the top object (default: its own version, or the manifest's entry for it). */
  readonly to?: string;
  /** Object name -> version, as oslo's version_manifest. */
  readonly manifest?: Readonly<Record<string, string>>;
}

/** Bad command-line input (e.g. a malformed --manifest). */
export class ConvertUsageError extends ObjectError {
  static override readonly code = 'CONVERT_USAGE';
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`${option}: ${reason}`);
  }
}

/** Parses and checks a --manifest argument: a JSON object of object name -> "X.Y". */
export function parseManifestOption(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConvertUsageError('--manifest', `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConvertUsageError('--manifest', 'a JSON object mapping object names to versions is required');
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string' || !parseVersion(v)) {
      throw new ConvertUsageError(
        '--manifest',
        `version of ${JSON.stringify(name)} must be a dotted decimal string, not ${describeValue(v)}`,
      );
    }
    out[name] = v;
  }
  return out;
}

export function checkTargetOption(to: string | undefined): void {
  if (to !== undefined && !parseVersion(to)) throw new ConvertUsageError('--to', `${describeValue(to)} is not a dotted decimal version`);
}

/** One JSON document in, its (backlevelled) primitive out. Throws ObjectError on bad input. */
export function convertText(text: string, options: ConvertOptions = {}): ObjectPrimitive {
  return fromJSON(text).toPrimitive(options.to, options.manifest);
}

/** One JSON document in, the JSON text of its (backlevelled) primitive out (one line). */
export function convertToText(text: string, options: ConvertOptions = {}): string {
  return fromJSON(text).toJSONText(options.to, options.manifest);
}

/** One line of output for one line of input: the primitive, or `{"error": "<ErrorName>: <message>"}` (errorLine). */
export function convertLine(line: string, options: ConvertOptions = {}): { ok: boolean; output: string } {
  try {
    return { ok: true, output: convertToText(line, options) };
  } catch (e) {
    if (!(e instanceof ObjectError)) throw e;
    return { ok: false, output: JSON.stringify({ error: errorLine(e) }) };
  }
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/**
 * JSON Lines mode: answers each non-blank input line with one output line as
 * soon as it is read (streaming). Returns how many lines failed.
 */
export async function convertLines(
  input: Readable,
  output: Writable,
  options: ConvertOptions = {},
): Promise<{ lines: number; failed: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let failed = 0;
  for await (const line of rl) {
    if (line.trim() === '') continue;
    lines++;
    const r = convertLine(line, options);
    if (!r.ok) failed++;
    await write(output, `${r.output}\n`);
  }
  return { lines, failed };
}

/** Reads all of `input` (at most MAX_JSON_LENGTH characters) as one document. */
export async function readDocument(input: Readable): Promise<string> {
  const chunks: string[] = [];
  let size = 0;
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    size += chunk.length;
    if (size > MAX_JSON_LENGTH) {
      input.destroy();
      throw new ConvertUsageError('stdin', `input longer than ${MAX_JSON_LENGTH} characters`);
    }
    chunks.push(chunk);
  }
  return chunks.join('');
}
