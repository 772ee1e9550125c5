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
  // The daemon's (`osvif serve`, docs/daemon.md).
  api_socket: {
    type: 'str',
    default: '/run/osvif/osvif.sock',
    help: "Unix socket path of the daemon's API (osvif serve). The CLI uses a daemon only when given --socket or OSVIF_SOCKET.",
  },
  api_allowed_uids: {
    type: 'list',
    default: [],
    help: "User ids (numbers) allowed to call the daemon's API, checked with the kernel's SO_PEERCRED. Root and the daemon's own uid are always allowed; everyone else is refused before the request is read.",
  },
  api_allowed_gids: {
    type: 'list',
    default: [],
    help: "Group ids (numbers) whose members (primary or supplementary group of the caller) may call the daemon's API.",
  },
  api_max_body_bytes: {
    type: 'int',
    default: 1048576,
    min: 1024,
    help: 'Largest API request body accepted (413 PAYLOAD_TOO_LARGE above; the rest is not read).',
  },
  api_request_timeout: {
    type: 'int',
    default: 10,
    min: 1,
    help: 'Seconds a client has to send a whole request (headers and body); slower clients are disconnected.',
  },
  api_max_connections: {
    type: 'int',
    default: 256,
    min: 1,
    help: 'Open API connections at most; connections beyond are closed at once.',
  },
  api_max_concurrency: {
    type: 'int',
    default: 128,
    min: 1,
    help: 'API operations in flight at most; more are answered 503 API_BUSY before they are read (the clients ask again).',
  },
  metrics_address: {
    type: 'str',
    help: "Serve Prometheus metrics: a loopback 'host:port' (127.0.0.1:9464, [::1]:9464) or 'socket' (GET /metrics on api_socket, same allowlist). Unset: no metrics.",
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
