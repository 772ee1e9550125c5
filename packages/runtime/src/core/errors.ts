// Runtime errors, with os-vif's meanings (LibraryNotInitialized, NoMatchingPlugin,
// PlugException, UnplugException) plus the acceptance checks os-vif lacks.
import { errorLine, OsvifError } from '@osvif/objects';

/** Base of the runtime's dispatch errors. Each subclass declares its stable `static readonly code` (docs/errors.md). */
export class RuntimeError extends OsvifError {
  static readonly code: string = 'RUNTIME_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(new.target.code, message, options);
  }
}

/** The module-level API was called before initialize() (os_vif.exception.LibraryNotInitialized). */
export class LibraryNotInitializedError extends RuntimeError {
  static override readonly code = 'LIBRARY_NOT_INITIALIZED';
  constructor() {
    super('Before using the osvif runtime, you need to call initialize()');
  }
}

/** The VIF's `plugin` names no loaded plugin (os-vif NoMatchingPlugin). */
export class PluginNotLoadedError extends RuntimeError {
  static override readonly code = 'PLUGIN_NOT_LOADED';
  constructor(
    readonly pluginName: string,
    readonly loaded: readonly string[],
  ) {
    super(`No VIF plugin was found with the name ${pluginName} (loaded: ${loaded.join(', ') || 'none'})`);
  }
}

/** The input is not a VIF / InstanceInfo, or lacks what dispatch needs. */
export class InvalidVifInputError extends RuntimeError {
  static override readonly code = 'INVALID_VIF_INPUT';
  constructor(
    readonly what: 'vif' | 'instance_info',
    readonly reason: string,
  ) {
    super(`invalid ${what}: ${reason}`);
  }
}

/** Base of the acceptance checks done before any plugin code runs. */
export class VifNotAcceptedError extends RuntimeError {
  static override readonly code: string = 'VIF_NOT_ACCEPTED';
}

/** The plugin does not consume this VIF class. */
export class VifClassNotAcceptedError extends VifNotAcceptedError {
  static override readonly code = 'VIF_CLASS_NOT_ACCEPTED';
  constructor(
    readonly plugin: string,
    readonly objName: string,
    readonly accepted: readonly string[],
  ) {
    super(`plugin ${plugin} does not accept VIF class ${objName} (accepts ${accepted.join(', ')})`);
  }
}

/** The VIF's instance (wire) version is outside the plugin's declared range. */
export class VifVersionNotAcceptedError extends VifNotAcceptedError {
  static override readonly code = 'VIF_VERSION_NOT_ACCEPTED';
  constructor(
    readonly plugin: string,
    readonly objName: string,
    readonly version: string,
    readonly acceptedRange: string,
  ) {
    super(`plugin ${plugin} does not accept ${objName} version ${version} (accepts ${acceptedRange})`);
  }
}

/** The VIF carries a port profile class the plugin does not accept for that VIF class. */
export class PortProfileNotAcceptedError extends VifNotAcceptedError {
  static override readonly code = 'PORT_PROFILE_NOT_ACCEPTED';
  constructor(
    readonly plugin: string,
    readonly vifObjName: string,
    readonly objName: string,
    readonly accepted: readonly string[],
  ) {
    super(
      `plugin ${plugin} does not accept port profile ${objName} on ${vifObjName} (accepts ${accepted.length ? accepted.join(', ') : 'no port profile'})`,
    );
  }
}

/** The VIF's port profile version is outside the range the plugin declared. */
export class PortProfileVersionNotAcceptedError extends VifNotAcceptedError {
  static override readonly code = 'PORT_PROFILE_VERSION_NOT_ACCEPTED';
  constructor(
    readonly plugin: string,
    readonly objName: string,
    readonly version: string,
    readonly acceptedRange: string,
  ) {
    super(`plugin ${plugin} does not accept port profile ${objName} version ${version} (accepts ${acceptedRange})`);
  }
}

/** The plugin failed to plug (os-vif PlugException); the plugin's error is `cause`. */
export class PlugFailedError extends RuntimeError {
  static override readonly code = 'PLUG_FAILED';
  constructor(
    readonly vifId: string | undefined,
    readonly plugin: string,
    override readonly cause: unknown,
  ) {
    super(`Failed to plug VIF ${vifId ?? '(no id)'} with plugin ${plugin}: ${errorLine(cause)}`, { cause });
  }
}

/** A plugin's unplug handler failed; the cause is attached (os_vif.exception.UnplugException). */
export class UnplugFailedError extends RuntimeError {
  static override readonly code = 'UNPLUG_FAILED';
  constructor(
    readonly vifId: string | undefined,
    readonly plugin: string,
    override readonly cause: unknown,
  ) {
    super(`Failed to unplug VIF ${vifId ?? '(no id)'} with plugin ${plugin}: ${errorLine(cause)}`, { cause });
  }
}

/** The VIF's plugin declares no handler for a host-state operation (@Check, @ListOwned, @Collect). */
export class HostStateNotSupportedError extends RuntimeError {
  static override readonly code = 'HOST_STATE_NOT_SUPPORTED';
  constructor(
    readonly pluginName: string,
    readonly operation: 'check' | 'list' | 'gc',
  ) {
    super(
      `plugin ${pluginName} does not support ${operation} (no @${{ check: 'Check', list: 'ListOwned', gc: 'Collect' }[operation]} handler)`,
    );
  }
}

/** The record of plugs in flight (journal_path) could not be read or written; the operation did not start. */
export class StateJournalError extends RuntimeError {
  static override readonly code = 'STATE_JOURNAL';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`state journal ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
