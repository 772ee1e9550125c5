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
    super(packageName, location, `refused, not loaded: ${problem}`);
  }
}

/** [osvif] plugins_required = true and some plugins failed to load. */
export class PluginsRequiredError extends OsvifError {
  static readonly code = 'PLUGINS_REQUIRED';
  constructor(readonly failures: readonly PluginLoadError[]) {
    super(PluginsRequiredError.code, `required plugins failed to load: ${failures.map((f) => `${f.packageName}: ${f.reason}`).join('; ')}`);
  }
}
