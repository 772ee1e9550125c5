/** Errors of the os-vif Python bridge client. All carry fields, not just text. */
import { OsvifError } from '@osvif/objects';

/** Base class, so callers can catch every bridge problem at once. Each subclass declares its stable `static readonly code`. */
export class PythonBridgeError extends OsvifError {
  static readonly code: string = 'PYTHON_BRIDGE_ERROR';
  constructor(message: string) {
    super(new.target.code, message);
  }
}

/** The interpreter cannot be run, or os-vif (or the bridge script) cannot be loaded by it. */
export class PythonUnavailableError extends PythonBridgeError {
  static override readonly code = 'PYTHON_UNAVAILABLE';
  constructor(
    readonly python: string,
    readonly reason: string,
    /** Last lines the interpreter wrote to stderr (traceback of a failed import, ...). */
    readonly stderr = '',
  ) {
    super(`os-vif bridge unavailable (${python}): ${reason}${stderr ? `\n${stderr}` : ''}`);
  }
}

/** The bridge process ended (or was closed) while a request was in flight or being sent. */
export class PythonBridgeClosedError extends PythonBridgeError {
  static override readonly code = 'PYTHON_BRIDGE_CLOSED';
  constructor(
    readonly op: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderr = '',
  ) {
    super(`os-vif bridge closed during '${op}' (exit ${exitCode ?? signal ?? 'requested'})` + (stderr ? `\n${stderr}` : ''));
  }
}

/** No response within the request timeout; the bridge keeps running (the late answer is dropped). */
export class PythonRequestTimeoutError extends PythonBridgeError {
  static override readonly code = 'PYTHON_REQUEST_TIMEOUT';
  constructor(
    readonly op: string,
    readonly timeoutMs: number,
  ) {
    super(`os-vif bridge request '${op}' got no response within ${timeoutMs} ms`);
  }
}

/** The bridge wrote something that is not a protocol line. */
export class PythonProtocolError extends PythonBridgeError {
  static override readonly code = 'PYTHON_PROTOCOL';
  constructor(
    readonly line: string,
    readonly reason: string,
  ) {
    super(`os-vif bridge protocol error: ${reason}: ${line.slice(0, 200)}`);
  }
}

/** Python raised while serving a request: `type` is the Python exception class name. */
export class OsVifPythonError extends PythonBridgeError {
  static override readonly code = 'OS_VIF_PYTHON_ERROR';
  constructor(
    readonly op: string,
    /** Exception class, e.g. 'IncompatibleObjectVersion', 'ObjectActionError', 'ValueError'. */
    readonly type: string,
    /** Module of the exception class, e.g. 'oslo_versionedobjects.exception'. */
    readonly module: string,
    readonly pythonMessage: string,
  ) {
    super(`os-vif '${op}' raised ${type}: ${pythonMessage}`);
  }
}
