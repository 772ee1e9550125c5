// LOGGER: one JSON object per line on stderr, in a shape log pipelines already read: pino's (the default:
// {level: 30, time, pid, hostname, msg, ...fields}) or oslo.log's JSONFormatter (for OpenStack deployments:
// {message, levelname, levelno, asctime, created, process, hostname, extra: {...fields}, ...}); or a short human
// line when json is off (the CLI's default).
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { describeError } from '@osvif/objects';
import type { LogFields, Logger } from '@osvif/sdk';

/** The log levels, as in the [osvif] log_level option. */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

/** Where StreamLogger writes its lines (anything with `write`). */
export interface LogSink {
  /** Writes one line (a JSON record with its newline). */
  write(line: string): void;
}

/** The JSON record shapes StreamLogger writes: pino's, or oslo.log's JSONFormatter's. */
export type LogFormat = 'pino' | 'oslo';

/** Options of StreamLogger: level, JSON or text lines (and which JSON shape), sink, and a record filter. */
export interface StreamLoggerOptions {
  readonly level?: LogLevel;
  readonly json?: boolean;
  /** The JSON shape (default pino's). */
  readonly format?: LogFormat;
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

/** pino's level numbers. */
const PINO_LEVEL: Record<LogLevel, number> = { debug: 20, info: 30, warning: 40, error: 50 };
/** Python logging's level names and numbers, as oslo.log writes them. */
const PY_LEVEL: Record<LogLevel, [string, number]> = {
  debug: ['DEBUG', 10],
  info: ['INFO', 20],
  warning: ['WARNING', 30],
  error: ['ERROR', 40],
};
const HOST = hostname();
const STARTED_MS = Date.now() - performance.now();

function pinoRecord(level: LogLevel, msg: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { level: PINO_LEVEL[level], time: Date.now(), pid: process.pid, hostname: HOST, msg, ...fields };
}

/** oslo.log's JSONFormatter record: the keys it writes, with what Node has in place of Python's frame data. */
function osloRecord(level: LogLevel, msg: string, fields: Record<string, unknown>): Record<string, unknown> {
  const now = Date.now();
  const d = new Date(now);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const asctime = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
  const error = fields.error as { name?: string; message?: string } | undefined;
  const [levelname, levelno] = PY_LEVEL[level];
  return {
    message: msg,
    asctime,
    name: 'osvif',
    msg,
    args: [],
    levelname,
    levelno,
    pathname: null,
    filename: null,
    module: null,
    lineno: null,
    funcname: null,
    created: now / 1000,
    msecs: now % 1000,
    relative_created: now - STARTED_MS,
    thread: threadId,
    thread_name: threadId === 0 ? 'MainThread' : `Thread-${threadId}`,
    process_name: 'MainProcess',
    process: process.pid,
    traceback: null,
    hostname: HOST,
    error_summary: error && typeof error === 'object' ? `${error.name ?? 'Error'}: ${error.message ?? ''}` : '',
    context: {},
    extra: fields,
  };
}

/** The runtime's Logger: one JSON object per line on a stream (stderr by default). */
export class StreamLogger implements Logger {
  private readonly level: LogLevel;
  private readonly json: boolean;
  private readonly format: LogFormat;
  private readonly sink: LogSink;
  private readonly keep?: StreamLoggerOptions['keep'];

  constructor(
    options: StreamLoggerOptions = {},
    private readonly bound: LogFields = {},
  ) {
    this.level = options.level ?? 'info';
    this.json = options.json ?? true;
    this.format = options.format ?? 'pino';
    this.sink = options.sink ?? { write: (line) => process.stderr.write(line) };
    this.keep = options.keep;
  }

  private emit(level: LogLevel, msg: string, fields?: LogFields): void {
    if (RANK[level] < RANK[this.level]) return;
    if (this.keep && !this.keep(level, msg, { ...this.bound, ...(fields ?? {}) })) return;
    const all = safe({ ...this.bound, ...(fields ?? {}) });
    let line: string;
    if (this.json) {
      const record = this.format === 'oslo' ? osloRecord : pinoRecord;
      try {
        line = JSON.stringify(record(level, msg, all));
      } catch {
        line = JSON.stringify(record(level, msg, { fields_error: 'unserialisable fields' }));
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
    const options = { level: this.level, json: this.json, format: this.format, sink: this.sink, keep: this.keep };
    return new StreamLogger(options, { ...this.bound, ...fields });
  }
}
