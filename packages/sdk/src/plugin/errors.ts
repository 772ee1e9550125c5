// Two families of errors live here:
//  - PluginDeclarationError: a plugin class declared something impossible
//    (unknown class, empty range, duplicate...). Thrown by the decorators, so
//    at module load time; the runtime reports it with the plugin's package.
//  - PluginError: what plugin code throws from a plug/unplug handler. The
//    runtime wraps it (once) into PlugFailedError / UnplugFailedError, keeping
//    it as `cause`.

/** Base of every mistake in a plugin's declarations. `plugin` is the class or declared name. */
export class PluginDeclarationError extends Error {
  constructor(
    readonly plugin: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidPluginNameError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly reason: string,
  ) {
    super(plugin, `plugin name ${JSON.stringify(plugin)} is invalid: ${reason}`);
  }
}

/** A decorator used on a class that is not (yet) a @VifPlugin, or in the wrong order. */
export class DecoratorUsageError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly reason: string,
  ) {
    super(plugin, `plugin ${plugin}: ${reason}`);
  }
}

/** The plugin names a class that is not a registered object of the expected kind. */
export class UnknownObjectClassError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly objName: string,
    readonly expectedKind: 'VIF' | 'port profile',
  ) {
    super(plugin, `plugin ${plugin}: ${objName} is not a registered ${expectedKind} class`);
  }
}

/** The version range is not valid semver range syntax. */
export class InvalidVersionRangeError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly objName: string,
    readonly range: string,
  ) {
    super(plugin, `plugin ${plugin}: version range ${JSON.stringify(range)} for ${objName} is not a valid range`);
  }
}

/** The range is valid but contains none of the class's registered versions. */
export class VersionRangeMatchesNothingError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly objName: string,
    readonly range: string,
    readonly knownVersions: readonly string[],
  ) {
    super(
      plugin,
      `plugin ${plugin}: version range ${JSON.stringify(range)} for ${objName} matches none of its versions (${knownVersions.join(', ')})`,
    );
  }
}

/** The same VIF class, profile class, handler or option declared twice. */
export class DuplicateDeclarationError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly objName: string,
    readonly what: string,
  ) {
    super(plugin, `plugin ${plugin}: ${what} ${objName} is declared twice`);
  }
}

/** A consumed VIF class has no plug or no unplug handler (on itself or an ancestor). */
export class MissingHandlerError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly objName: string,
    readonly operation: 'plug' | 'unplug',
  ) {
    super(plugin, `plugin ${plugin}: no @${operation === 'plug' ? 'Plug' : 'Unplug'} handler for consumed VIF class ${objName}`);
  }
}

/** A handler for a VIF class that the plugin neither consumes nor is an ancestor of one it consumes. */
export class UnusedHandlerError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly objName: string,
    readonly operation: 'plug' | 'unplug',
  ) {
    super(
      plugin,
      `plugin ${plugin}: @${operation === 'plug' ? 'Plug' : 'Unplug'} handler for ${objName}, which the plugin does not consume`,
    );
  }
}

export class InvalidConfigOptionError extends PluginDeclarationError {
  constructor(
    plugin: string,
    readonly option: string,
    readonly reason: string,
  ) {
    super(plugin, `plugin ${plugin}: config option ${JSON.stringify(option)}: ${reason}`);
  }
}

export class NoVifDeclaredError extends PluginDeclarationError {
  constructor(plugin: string) {
    super(plugin, `plugin ${plugin} declares no VIF class (@Consumes)`);
  }
}

/**
 * Base class for errors thrown by plugin code during plug/unplug. Subclass it
 * for your plugin's own failures; give the underlying error as `cause`.
 */
export class PluginError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A host command exited with a non-zero status (the CommandRunner resolves; plugins throw this). */
export class HostCommandFailedError extends PluginError {
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`${file} ${args.join(' ')} exited with status ${exitCode}: ${stderr.trim().split('\n')[0] ?? ''}`);
  }
}

/** The VIF given to a handler lacks something the plugin needs (e.g. a port profile). */
export class InvalidVifForPluginError extends PluginError {
  constructor(
    readonly vifId: string | undefined,
    readonly reason: string,
  ) {
    super(`VIF ${vifId ?? '(no id)'}: ${reason}`);
  }
}
