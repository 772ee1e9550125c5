// LOGGER: one JSON object per line on stderr ({time, level, msg, ...fields}),
// or a short human line when json is off (the CLI's default).
import { describeError } from '@osvif/objects';
import type { LogFields, Logger } from '@osvif/sdk';

/** The log levels, as in the [osvif] log_level option. */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

/** Where StreamLogger writes its lines (anything with `write`). */
export interface LogSink {
  write(line: string): void;
}

/** Options of StreamLogger: level, JSON or text lines, sink, and a record filter. */
export interface StreamLoggerOptions {
  readonly level?: LogLevel;
  readonly json?: boolean;
  readonly sink?: LogSink;
  /** Drops records for which it returns false (the CLI hides operation records it reports itself). */
  readonly keep?: (level: LogLevel, msg: string, fields: LogFields) => boolean;
}

/** Turns errors (describeError) and other non-JSON values into something JSON.stringify keeps. */
function safe(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? describeError(v) : typeof v === 'bigint' ? String(v) : v;
  }
  return out;
}

/** The runtime's Logger: one JSON object per line on a stream (stderr by default). */
export class StreamLogger implements Logger {
  private readonly level: LogLevel;
  private readonly json: boolean;
  private readonly sink: LogSink;
  private readonly keep?: StreamLoggerOptions['keep'];

  constructor(
    options: StreamLoggerOptions = {},
    private readonly bound: LogFields = {},
  ) {
    this.level = options.level ?? 'info';
    this.json = options.json ?? true;
    this.sink = options.sink ?? { write: (line) => process.stderr.write(line) };
    this.keep = options.keep;
  }

  private emit(level: LogLevel, msg: string, fields?: LogFields): void {
    if (RANK[level] < RANK[this.level]) return;
    if (this.keep && !this.keep(level, msg, { ...this.bound, ...(fields ?? {}) })) return;
    const all = safe({ ...this.bound, ...(fields ?? {}) });
    let line: string;
    if (this.json) {
      try {
        line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...all });
      } catch {
        line = JSON.stringify({ time: new Date().toISOString(), level, msg, fields_error: 'unserialisable fields' });
      }
    } else {
      const extra = Object.entries(all)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      line = `osvif ${level}: ${msg}${extra ? ` ${extra}` : ''}`;
    }
    this.sink.write(`${line}\n`);
  }

  debug(msg: string, fields?: LogFields): void {
    this.emit('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.emit('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.emit('warning', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.emit('error', msg, fields);
  }
  child(fields: LogFields): Logger {
    return new StreamLogger({ level: this.level, json: this.json, sink: this.sink, keep: this.keep }, { ...this.bound, ...fields });
  }
}
