/**
 * Splits a byte stream into top-level JSON texts (OVSDB JSON-RPC has no
 * framing: messages are just concatenated JSON objects). It tracks only
 * nesting depth and string/escape state, so it is O(n) over the bytes and
 * never re-scans; multi-byte UTF-8 never contains the ASCII bytes it looks
 * at, so scanning bytes is safe. Anything that is not whitespace between
 * messages, a message larger than `maxMessageBytes` or nesting deeper than
 * `maxDepth` is reported as an error (the caller drops the connection).
 */
export class JsonStreamFramer {
  private chunks: Buffer[] = [];
  private size = 0;
  private depth = 0;
  /** Open brackets, to catch a '}' closing a '[' (else such a message would never end). */
  private stack: Uint8Array;
  private inString = false;
  private escaped = false;

  constructor(
    private readonly maxMessageBytes = 64 * 1024 * 1024,
    private readonly maxDepth = 512,
  ) {
    this.stack = new Uint8Array(maxDepth + 1);
  }

  /** Feeds bytes; returns the complete message texts found, or throws FramingError. */
  push(data: Buffer): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (this.depth === 0 && this.size === 0 && start === i) {
        // Between messages: only whitespace or the opening of an object/array.
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          start = i + 1;
          continue;
        }
        if (c !== 0x7b && c !== 0x5b) throw new FramingError(`unexpected byte 0x${c.toString(16)} between messages`);
      }
      if (this.size + (i - start) > this.maxMessageBytes) throw new FramingError(`message larger than ${this.maxMessageBytes} bytes`);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (this.depth >= this.maxDepth) throw new FramingError(`nesting deeper than ${this.maxDepth}`);
        this.stack[this.depth++] = c;
      } else if (c === 0x7d || c === 0x5d) {
        if (this.stack[--this.depth] !== (c === 0x7d ? 0x7b : 0x5b)) throw new FramingError(`mismatched '${String.fromCharCode(c)}'`);
        if (this.depth === 0) {
          out.push(this.take(data, start, i + 1));
          start = i + 1;
        }
      }
    }
    if (start < data.length) {
      const rest = data.subarray(start);
      this.chunks.push(rest);
      this.size += rest.length;
      if (this.size > this.maxMessageBytes) throw new FramingError(`message larger than ${this.maxMessageBytes} bytes`);
    }
    return out;
  }

  /** Bytes of an unfinished message (0 when the stream ended cleanly between messages). */
  get pending(): number {
    return this.size;
  }

  private take(data: Buffer, start: number, end: number): string {
    const tail = data.subarray(start, end);
    const text = this.size === 0 ? tail.toString('utf8') : Buffer.concat([...this.chunks, tail]).toString('utf8');
    this.chunks = [];
    this.size = 0;
    return text;
  }
}

export class FramingError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FramingError';
  }
}
