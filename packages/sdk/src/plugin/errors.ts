// Two families of errors live here:
//  - PluginDeclarationError: a plugin class declared something impossible
//    (unknown class, empty range, duplicate...). Thrown by the decorators, so
//    at module load time; the runtime reports it with the plugin's package.
//  - PluginError: what plugin code throws from a plug/unplug handler. The
//    runtime wraps it (once) into PlugFailedError / UnplugFailedError, keeping
//    it as `cause`.
// Both extend OsvifError: each class declares its stable `static readonly code` (docs/errors.md).
import { OsvifError } from '@osvif/objects';

/** Base of every mistake in a plugin's declarations. `plugin` is the class or declared name. */
export class PluginDeclarationError extends OsvifError {
  static readonly code: string = 'PLUGIN_DECLARATION_ERROR';
  constructor(
    readonly plugin: string,
    message: string,
  ) {
    super(new.target.code, message);
  }
}

/** A `@VifPlugin` name that is not a valid plugin name. */
export class InvalidPluginNameError extends PluginDeclarationError {
  static override readonly code = 'INVALID_PLUGIN_NAME';
  constructor(
    plugin: string,
    readonly reason: string,
  ) {
    super(plugin, `plugin name ${JSON.stringify(plugin)} is invalid: ${reason}`);
  }
}

/** A decorator used on a class that is not (yet) a @VifPlugin, or in the wrong order. */
export class DecoratorUsageError extends PluginDeclarationError {
  static override readonly code = 'DECORATOR_USAGE';
  constructor(
    plugin: string,
    readonly reason: string,
  ) {
    super(plugin, `plugin ${plugin}: ${reason}`);
  }
}

/** The plugin names a class that is not a registered object of the expected kind. */
export class UnknownObjectClassError extends PluginDeclarationError {
  static override readonly code: string = 'UNKNOWN_OBJECT_CLASS';
  constructor(
    plugin: string,
    readonly objName: string,
    readonly expectedKind: 'VIF' | 'port profile',
    /** Replaces the default message (subclasses say more precisely what is wrong). */
    message = `plugin ${plugin}: ${objName} is not a registered ${expectedKind} class`,
  ) {
    super(plugin, message);
  }
}

/**
 * The plugin names a subclass of a registered class (`class MyGeneric extends VIFGeneric {}`): only the
 * registered class itself is ever deserialized, so the plugin must name that one. `objName` is the subclass's
 * class name, `registeredName` the registered class it extends.
 */
export class UnregisteredSubclassError extends UnknownObjectClassError {
  static override readonly code = 'UNREGISTERED_SUBCLASS';
  /** The registered class the subclass extends (its objName). */
  readonly registeredName: string;
  constructor(plugin: string, className: string, registeredName: string, expectedKind: 'VIF' | 'port profile') {
    super(
      plugin,
      className,
      expectedKind,
      `plugin ${plugin}: ${className} is a subclass of the ${expectedKind} class ${registeredName}, not a registered class itself; ` +
        `objects arrive as ${registeredName}, never as a subclass of it: name ${registeredName} itself (e.g. @Consumes(${registeredName}, ...))`,
    );
    this.registeredName = registeredName;
  }
}

/** The version range is not valid semver range syntax. */
export class InvalidVersionRangeError extends PluginDeclarationError {
  static override readonly code = 'INVALID_VERSION_RANGE';
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
  static override readonly code = 'VERSION_RANGE_MATCHES_NOTHING';
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
  static override readonly code = 'DUPLICATE_DECLARATION';
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
  static override readonly code = 'MISSING_HANDLER';
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
  static override readonly code = 'UNUSED_HANDLER';
  constructor(
    plugin: string,
    readonly objName: string,
    readonly operation: 'plug' | 'unplug' | 'check',
  ) {
    const decorator = { plug: '@Plug', unplug: '@Unplug', check: '@Check' }[operation];
    super(plugin, `plugin ${plugin}: ${decorator} handler for ${objName}, which the plugin does not consume`);
  }
}

/** A plugin declares a config option spec that is not valid. */
export class InvalidConfigOptionError extends PluginDeclarationError {
  static override readonly code = 'INVALID_CONFIG_OPTION';
  constructor(
    plugin: string,
    readonly option: string,
    readonly reason: string,
  ) {
    super(plugin, `plugin ${plugin}: config option ${JSON.stringify(option)}: ${reason}`);
  }
}

/** A `@VifPlugin` class declares no `@Consumes`. */
export class NoVifDeclaredError extends PluginDeclarationError {
  static override readonly code = 'NO_VIF_DECLARED';
  constructor(plugin: string) {
    super(plugin, `plugin ${plugin} declares no VIF class (@Consumes)`);
  }
}

/**
 * Base class for errors thrown by plugin code during plug/unplug. Subclass it
 * for your plugin's own failures, each with its own stable `static readonly code` (a subclass that
 * declares none carries `PLUGIN_ERROR`); give the underlying error as `cause`.
 */
export class PluginError extends OsvifError {
  static readonly code: string = 'PLUGIN_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(new.target.code, message, options);
  }
}

/** A host command exited with a non-zero status (the CommandRunner resolves; plugins throw this). */
export class HostCommandFailedError extends PluginError {
  static override readonly code = 'HOST_COMMAND_FAILED';
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
  static override readonly code = 'INVALID_VIF_FOR_PLUGIN';
  constructor(
    readonly vifId: string | undefined,
    readonly reason: string,
  ) {
    super(`VIF ${vifId ?? '(no id)'}: ${reason}`);
  }
}
