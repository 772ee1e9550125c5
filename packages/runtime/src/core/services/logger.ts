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

/** oslo.log's level names (any case): the runtime's four, and the aliases WARN, CRITICAL and FATAL. */
export const LOG_LEVEL_NAMES = ['debug', 'info', 'warning', 'warn', 'error', 'critical', 'fatal'] as const;

/** One of LOG_LEVEL_NAMES (any case) as the runtime's level; undefined for anything else. */
export function logLevelOf(name: string): LogLevel | undefined {
  const t = name.trim().toLowerCase();
  if (t === 'debug' || t === 'info' || t === 'warning' || t === 'error') return t;
  if (t === 'warn') return 'warning';
  if (t === 'critical' || t === 'fatal') return 'error';
  return undefined;
}

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
  /**
   * Also receives, as a text line, every record marked `progress: true` (a long wait saying so), whatever the
   * level, filter and sink: the CLI puts it on stderr when the log itself goes to a file or hides warnings.
   */
  readonly progress?: (line: string) => void;
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

/** The short human line of the text mode: `osvif warning: msg key=value ...`. */
function textLine(level: LogLevel, msg: string, fields: Record<string, unknown>): string {
  const extra = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `osvif ${level}: ${msg}${extra ? ` ${extra}` : ''}`;
}

/** The runtime's Logger: one JSON object per line on a stream (stderr by default). */
export class StreamLogger implements Logger {
  private readonly level: LogLevel;
  private readonly json: boolean;
  private readonly format: LogFormat;
  private readonly sink: LogSink;
  private readonly keep?: StreamLoggerOptions['keep'];
  private readonly progress?: StreamLoggerOptions['progress'];

  constructor(
    options: StreamLoggerOptions = {},
    private readonly bound: LogFields = {},
  ) {
    this.level = options.level ?? 'info';
    this.json = options.json ?? true;
    this.format = options.format ?? 'pino';
    this.sink = options.sink ?? { write: (line) => process.stderr.write(line) };
    this.keep = options.keep;
    this.progress = options.progress;
  }

  private emit(level: LogLevel, msg: string, fields?: LogFields): void {
    if (this.progress && fields?.progress === true) this.progress(`${textLine(level, msg, safe({ ...this.bound, ...fields }))}\n`);
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
      line = textLine(level, msg, all);
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
    const options = { level: this.level, json: this.json, format: this.format, sink: this.sink, keep: this.keep, progress: this.progress };
    return new StreamLogger(options, { ...this.bound, ...fields });
  }
}
