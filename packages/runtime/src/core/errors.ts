// Runtime errors, with os-vif's meanings (LibraryNotInitialized, NoMatchingPlugin,
// PlugException, UnplugException) plus the acceptance checks os-vif lacks.

export class RuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class LibraryNotInitializedError extends RuntimeError {
  constructor() {
    super('Before using the osvif runtime, you need to call initialize()');
  }
}

/** The VIF's `plugin` names no loaded plugin (os-vif NoMatchingPlugin). */
export class PluginNotLoadedError extends RuntimeError {
  constructor(
    readonly pluginName: string,
    readonly loaded: readonly string[],
  ) {
    super(`No VIF plugin was found with the name ${pluginName} (loaded: ${loaded.join(', ') || 'none'})`);
  }
}

/** The input is not a VIF / InstanceInfo, or lacks what dispatch needs. */
export class InvalidVifInputError extends RuntimeError {
  constructor(
    readonly what: 'vif' | 'instance_info',
    readonly reason: string,
  ) {
    super(`invalid ${what}: ${reason}`);
  }
}

/** Base of the acceptance checks done before any plugin code runs. */
export class VifNotAcceptedError extends RuntimeError {}

/** The plugin does not consume this VIF class. */
export class VifClassNotAcceptedError extends VifNotAcceptedError {
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

export class PortProfileVersionNotAcceptedError extends VifNotAcceptedError {
  constructor(
    readonly plugin: string,
    readonly objName: string,
    readonly version: string,
    readonly acceptedRange: string,
  ) {
    super(`plugin ${plugin} does not accept port profile ${objName} version ${version} (accepts ${acceptedRange})`);
  }
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}

/** The plugin failed to plug (os-vif PlugException); the plugin's error is `cause`. */
export class PlugFailedError extends RuntimeError {
  constructor(
    readonly vifId: string | undefined,
    readonly plugin: string,
    override readonly cause: unknown,
  ) {
    super(`Failed to plug VIF ${vifId ?? '(no id)'} with plugin ${plugin}: ${causeText(cause)}`, { cause });
  }
}

export class UnplugFailedError extends RuntimeError {
  constructor(
    readonly vifId: string | undefined,
    readonly plugin: string,
    override readonly cause: unknown,
  ) {
    super(`Failed to unplug VIF ${vifId ?? '(no id)'} with plugin ${plugin}: ${causeText(cause)}`, { cause });
  }
}
