// The command's exit status says what kind of failure it was, so scripts and compute services can branch on it
// (as CNI's error codes do): retry later, fix the command line or config, or look at the operation's error.
// Documented in docs/cli.md and `osvif --help`.
import type { ErrorDescription } from '@osvif/objects';

/** Exit statuses of `osvif`. */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** The operation failed (a plugin error, an invalid VIF, a refused input...): see the error line. */
  FAILED: 1,
  /** Bad command line or configuration (unknown option, unreadable or invalid config, bad --to...). */
  USAGE: 2,
  /** Try again later: another operation holds a lock this one waited for up to lock_timeout. */
  LOCKED: 3,
  /** Try again later: the OVSDB server is unreachable or did not answer in time. */
  OVSDB_UNAVAILABLE: 4,
  /** `osvif negotiate`: no HostInfo version both hosts read (no common version, no progress, attempts exhausted). */
  NO_COMMON_VERSION: 5,
  /** `osvif negotiate`: the network host refused the binding (an error reply other than a version error). */
  BINDING_REFUSED: 6,
  /** `osvif negotiate`: the network host could not be reached or gave no usable reply (transport failure). */
  NETWORK_HOST_UNREACHABLE: 7,
} as const;

const USAGE_CODES = new Set(['USAGE', 'INPUT_FILE', 'CONVERT_USAGE', 'PLUGINS_REQUIRED', 'AMQP_CONFIG', 'NETWORK_HOST_URL']);
const OVSDB_UNAVAILABLE_CODES = new Set(['OVSDB_CONNECTION_FAILED', 'OVSDB_TIMEOUT']);
const NO_COMMON_VERSION_CODES = new Set(['NO_COMMON_VERSION', 'NEGOTIATION_NO_PROGRESS', 'NEGOTIATION_ATTEMPTS_EXHAUSTED']);

/** The exit status for an error, from its description (describeError): the first telling code along its causes. */
export function exitCodeFor(error: ErrorDescription): number {
  for (let d: ErrorDescription | undefined = error; d; d = d.cause) {
    if (d.code === 'LOCK_TIMEOUT') return EXIT.LOCKED;
    if (OVSDB_UNAVAILABLE_CODES.has(d.code)) return EXIT.OVSDB_UNAVAILABLE;
    if (NO_COMMON_VERSION_CODES.has(d.code)) return EXIT.NO_COMMON_VERSION;
    if (d.code === 'REMOTE_NEGOTIATION_ERROR') return EXIT.BINDING_REFUSED;
    if (d.code === 'NETWORK_HOST_UNREACHABLE') return EXIT.NETWORK_HOST_UNREACHABLE;
    if (USAGE_CODES.has(d.code) || d.code.startsWith('CONFIG_')) return EXIT.USAGE;
  }
  return EXIT.FAILED;
}

/** The "Exit status" section of --help. */
export const EXIT_HELP = `Exit status:
  ${EXIT.OK}  done
  ${EXIT.FAILED}  the operation failed (the error line names the typed error)
  ${EXIT.USAGE}  bad command line or configuration
  ${EXIT.LOCKED}  try again later: a lock held by another operation (lock_timeout passed)
  ${EXIT.OVSDB_UNAVAILABLE}  try again later: the OVSDB server is unreachable or not answering
  ${EXIT.NO_COMMON_VERSION}  negotiate: no HostInfo version both hosts read
  ${EXIT.BINDING_REFUSED}  negotiate: the network host refused the binding
  ${EXIT.NETWORK_HOST_UNREACHABLE}  negotiate: the network host is unreachable or gave no usable reply`;
