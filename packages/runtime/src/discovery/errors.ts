import { OsvifError } from '@osvif/objects';

/** A plugin package that could not be loaded, and why. */
export class PluginLoadError extends OsvifError {
  static readonly code: string = 'PLUGIN_LOAD_FAILED';
  constructor(
    /** npm package name, or the path given in config when there is no package.json. */
    readonly packageName: string,
    /** Package directory. */
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(new.target.code, `plugin package ${packageName} (${location}): ${reason}`, options);
  }
}

/**
 * A plugin package refused before any of its code ran: its entry module or a directory between it and its
 * install root could have been written by another local user (owned by one, or group/world-writable).
 */
export class UntrustedPluginError extends PluginLoadError {
  static override readonly code = 'PLUGIN_UNTRUSTED';
  constructor(packageName: string, location: string, problem: string) {
    super(
      packageName,
      location,
      `refused, not loaded: ${problem}; install it as the user who runs osvif (or root), not writable by others (docs/plugin-outside-the-repo.md)`,
    );
  }
}

/**
 * A plugin package whose code requires `@osvif/runtime`: a plugin takes host services by injection
 * (`LINK_API`, ...), so that it acts in the namespace the runtime was given; one that builds them from the
 * runtime (`new NetlinkLinkApi()`) would act on the host's. Refused after its module loaded, before any plugin is
 * created.
 */
export class PluginImportsRuntimeError extends PluginLoadError {
  static override readonly code = 'PLUGIN_IMPORTS_RUNTIME';
  constructor(
    packageName: string,
    location: string,
    /** The plugin's module that requires the runtime. */
    readonly importer: string,
    /** The runtime module it requires. */
    readonly runtimeModule: string,
  ) {
    super(
      packageName,
      location,
      `refused: ${importer} requires @osvif/runtime (${runtimeModule}); plugins never import the runtime: ` +
        'inject LINK_API (and the other host services) from @osvif/sdk instead of importing @osvif/runtime',
    );
  }
}

/** [osvif] plugins_required = true and some plugins failed to load. */
export class PluginsRequiredError extends OsvifError {
  static readonly code = 'PLUGINS_REQUIRED';
  constructor(readonly failures: readonly PluginLoadError[]) {
    super(PluginsRequiredError.code, `required plugins failed to load: ${failures.map((f) => `${f.packageName}: ${f.reason}`).join('; ')}`);
  }
}
