// The runtime's own settings, group [osvif] of the same file.
import { defineOptions, ConfigValues } from '@osvif/sdk';

export const RUNTIME_GROUP = 'osvif';

/** The runtime's own options, read from the [osvif] group (log level, lock path, plugin requirements, ...). */
export const RUNTIME_OPTIONS = defineOptions({
  plugins: {
    type: 'list',
    default: [],
    help: 'Plugin packages (names or directories) to load instead of scanning node_modules. Empty: scan.',
  },
  plugins_required: {
    type: 'bool',
    default: false,
    help: 'Fail initialisation when any plugin listed or found fails to load.',
  },
  plugin_path: {
    type: 'list',
    default: [],
    help: 'Extra node_modules directories (or directories containing one) to scan for plugins.',
  },
  log_level: {
    type: 'str',
    default: 'info',
    // The same names --log-level takes (logger.ts logLevelOf): one validation whatever the source.
    choices: ['debug', 'info', 'warning', 'warn', 'error', 'critical', 'fatal'],
    ignoreCase: true,
    help: 'Lowest level of the log (any case, as oslo.log: DEBUG, INFO, WARNING or WARN, ERROR, CRITICAL or FATAL as ERROR).',
  },
  log_format: {
    type: 'str',
    default: 'pino',
    choices: ['pino', 'oslo'],
    ignoreCase: true,
    help: "Shape of the JSON log records: pino's ({level: 30, time, pid, hostname, msg, ...}) or oslo.log's JSONFormatter (for OpenStack log pipelines).",
  },
  lock_path: {
    type: 'str',
    // nova.conf already has it there: os-vif's external locks live in it.
    deprecatedGroup: 'oslo_concurrency',
    help: 'Directory of the inter-process lock files (nova-lock_bridge, ...). Falls back to [oslo_concurrency] lock_path; unset: /run/osvif/locks (root) or a private temp dir.',
  },
  // Not "state_path": Nova's nova.conf refers to [DEFAULT] state_path as $state_path, and oslo.config
  // looks such a reference up in the same group first.
  journal_path: {
    type: 'str',
    help: 'Directory of the record of plugs in flight (what gc and the next plug read after a killed plug). Unset: /run/osvif (root) or a private temp dir.',
  },
  lock_timeout: {
    type: 'int',
    default: 300,
    min: 1,
    help: 'Seconds to wait for a lock held by another operation or process before failing with LockTimeoutError.',
  },
});

/**
 * Nova's (oslo.log's) logging options in [DEFAULT], which the osvif command honours when it reads a nova.conf:
 * the command line's --log-level / --log-json still win.
 */
export const NOVA_LOGGING_OPTIONS = defineOptions({
  debug: { type: 'bool', default: false, help: 'Log at debug level (oslo.log).' },
  use_json: { type: 'bool', default: false, help: 'Write the log as JSON lines (oslo.log).' },
  log_file: { type: 'str', help: 'Append the log to this file (relative: inside log_dir) instead of stderr (oslo.log).' },
  log_dir: { type: 'str', help: 'Directory of log_file; with no log_file, the log goes to log_dir/osvif.log (oslo.log).' },
});

/** The typed values of the runtime's own [osvif] options. */
export type RuntimeSettings = ConfigValues<typeof RUNTIME_OPTIONS>;

/** Config group of a plugin, as os-vif's PluginBase.load(). */
export function pluginGroup(pluginName: string): string {
  return `os_vif_${pluginName}`;
}
