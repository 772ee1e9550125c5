// What every command needs: global flags, the effective config, a runtime.
// Heavy modules (the SDK objects, the runtime core) are required here, lazily,
// so `osvif --help` stays instant.
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/config';
import type { OsVifRuntime } from '../core/runtime';
import { ConfigSource, configFiles, implicitConfigSources } from './config-sources';
import { InputFileError, UsageError } from './errors';

export interface GlobalFlags {
  /** --json: machine-readable output on stdout. */
  readonly json: boolean;
  readonly debug: boolean;
  readonly logJson: boolean;
  readonly logLevel?: 'debug' | 'info' | 'warning' | 'error';
  /** The config files to read, in order (config-sources.ts). */
  readonly config: string[];
  /** --socket or OSVIF_SOCKET: send the command to the daemon there instead of running it in-process. */
  readonly socket?: string;
}

/** oslo.log's level names, in any case (WARN and CRITICAL too), as the runtime's four levels; else a UsageError. */
export function parseLogLevel(text: string): 'debug' | 'info' | 'warning' | 'error' {
  const { logLevelOf, LOG_LEVEL_NAMES } = require('../core/services/logger') as typeof import('../core/services/logger');
  const level = logLevelOf(text);
  if (level) return level;
  throw new UsageError(`--log-level ${JSON.stringify(text)}: not one of ${LOG_LEVEL_NAMES.join(', ')} (any case)`);
}

export function globalFlags(cmd: Command): GlobalFlags {
  const o = cmd.optsWithGlobals() as {
    json?: boolean;
    debug?: boolean;
    logJson?: boolean;
    logLevel?: string;
    configSources?: ConfigSource[];
    socket?: string;
  };
  const config = configFiles(o.configSources ?? implicitConfigSources(process.env));
  return {
    json: !!o.json,
    debug: !!o.debug,
    logJson: !!o.logJson,
    logLevel: o.logLevel === undefined ? undefined : parseLogLevel(o.logLevel),
    config,
    socket: o.socket ?? (process.env.OSVIF_SOCKET || undefined),
  };
}

/** What the host commands (plug, unplug, check, list, gc, status, host-info) call: a runtime or a daemon's client. */
export type Operations = Pick<OsVifRuntime, 'plug' | 'unplug' | 'check' | 'list' | 'gc' | 'status' | 'close'> & {
  hostInfo(permitted?: readonly string[]): ReturnType<OsVifRuntime['hostInfo']> | Promise<ReturnType<OsVifRuntime['hostInfo']>>;
};

/** With --socket / OSVIF_SOCKET, a client of that daemon (same results and typed errors); else startRuntime(). */
export async function startOperations(flags: GlobalFlags): Promise<Operations> {
  if (flags.socket === undefined) return startRuntime(flags);
  const { OsVifClient } = require('../daemon/client') as typeof import('../daemon/client');
  return new OsVifClient({ socketPath: flags.socket });
}

export function loadConfig(flags: GlobalFlags): Config {
  const { Config: ConfigClass } = require('../config/config') as typeof import('../config/config');
  return new ConfigClass({ files: flags.config, env: process.env });
}

/** How a command wants its runtime. */
export interface StartOptions {
  /** The command reports plugin load failures itself: the text log leaves them out, so each is said once. */
  readonly reportsLoadFailures?: boolean;
  /**
   * The process serves many operations (a daemon): link deletes go through a worker thread so the event
   * loop never waits for the kernel. Without it (one operation, then exit) every request is sent from this
   * thread, which saves starting the worker.
   */
  readonly longLived?: boolean;
}

/**
 * An initialised runtime logging as the flags and the config say: short text warnings on stderr by default;
 * JSON lines with --log-json or Nova's [DEFAULT] use_json; debug with Nova's [DEFAULT] debug; into
 * [DEFAULT] log_file / log_dir instead of stderr when set (the command's one error line stays on stderr).
 */
export async function startRuntime(flags: GlobalFlags, options: StartOptions = {}): Promise<OsVifRuntime> {
  const { OsVifRuntime: Runtime, LOAD_FAILURE_LOG } = require('../core/runtime') as typeof import('../core/runtime');
  const { StreamLogger } = require('../core/services/logger') as typeof import('../core/services/logger');
  const config = loadConfig(flags);
  const { RUNTIME_GROUP, RUNTIME_OPTIONS, NOVA_LOGGING_OPTIONS } = require('../config/settings') as typeof import('../config/settings');
  const settings = config.values(RUNTIME_GROUP, RUNTIME_OPTIONS);
  const { logLevelOf } = require('../core/services/logger') as typeof import('../core/services/logger');
  const configured = logLevelOf(settings.log_level as string);
  // Text mode's own default is warning (info lines are noise on a terminal); a level the operator set still wins.
  const levelSet = config.resolveGroup(RUNTIME_GROUP, { log_level: RUNTIME_OPTIONS.log_level })[0].source.kind !== 'default';
  const format = settings.log_format as import('../core/services/logger').LogFormat;
  const nova = config.values('DEFAULT', NOVA_LOGGING_OPTIONS) as { debug: boolean; use_json: boolean; log_file?: string; log_dir?: string };
  type Level = import('../core/services/logger').LogLevel;
  const json = flags.logJson || nova.use_json;
  const level: Level = flags.logLevel ?? (nova.debug ? 'debug' : json || levelSet ? (configured ?? 'info') : 'warning');
  // Text mode: the failed operation is already the one error line main() prints.
  const keep = json
    ? undefined
    : (_l: Level, message: string, fields: Record<string, unknown>) =>
        fields.outcome === undefined && !(options.reportsLoadFailures && message === LOAD_FAILURE_LOG);
  const file = logFile(nova.log_file, nova.log_dir);
  // A text log in a file gets a timestamp per line (on a terminal the time is now; in a file it is lost).
  const sink = file ? appendSink(file, !json) : undefined;
  // A long wait says so on stderr even when the log goes to a file or hides warnings (the log has it too).
  const progress = sink || (!json && level === 'error') ? (line: string) => void process.stderr.write(line) : undefined;
  const runtime = new Runtime({
    config,
    logger: new StreamLogger({ level, json, format, keep, progress, ...(sink ? { sink } : {}) }),
    services: { netlinkThread: options.longLived ? 'split' : 'caller' },
  });
  await runtime.initialize();
  return runtime;
}

/** oslo.log's choice of file: log_file (inside log_dir when relative), or log_dir/osvif.log, or none (stderr). */
function logFile(file: string | undefined, dir: string | undefined): string | undefined {
  if (file) return dir && !isAbsolute(file) ? join(dir, file) : file;
  return dir ? join(dir, 'osvif.log') : undefined;
}

/** Appends log lines to a file without blocking the event loop; pending writes keep the process alive until written. */
function appendSink(path: string, stamp: boolean): { write(line: string): void } {
  let stream: WriteStream | undefined;
  return {
    write: (text) => {
      const line = stamp ? `${new Date().toISOString()} ${text}` : text;
      stream ??= createWriteStream(path, { flags: 'a', mode: 0o640 }).on('error', (e) =>
        process.stderr.write(`osvif: cannot write the log to ${path}: ${e.message}\n`),
      );
      stream.write(line);
    },
  };
}

/** Reads a file, or standard input for '-'. */
export function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new InputFileError(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

export function readJson(file: string): unknown {
  const text = readInput(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputFileError(file, `not valid JSON: ${(e as Error).message}`);
  }
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `--vif FILE --instance FILE` (one of them may be '-', standard input): the options, then the two primitives read. */
export function vifAndInstanceOptions(command: Command): Command {
  return command
    .requiredOption('--vif <file>', "VIF primitive JSON file, '-' for stdin")
    .requiredOption('--instance <file>', "InstanceInfo primitive JSON file, '-' for stdin");
}

/** Reads the primitives named by vifAndInstanceOptions; both on standard input is a UsageError. */
export function readVifAndInstance(opts: { vif: string; instance: string }): { vif: unknown; instance: unknown } {
  if (opts.vif === '-' && opts.instance === '-') throw new UsageError('only one of --vif and --instance can read standard input');
  return { vif: readJson(opts.vif), instance: readJson(opts.instance) };
}
