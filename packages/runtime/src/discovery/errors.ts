import { OsvifError } from '@osvif/objects';

/** A plugin package that could not be loaded, and why. */
export class PluginLoadError extends OsvifError {
  static readonly code = 'PLUGIN_LOAD_FAILED';
  constructor(
    /** npm package name, or the path given in config when there is no package.json. */
    readonly packageName: string,
    /** Package directory. */
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(PluginLoadError.code, `plugin package ${packageName} (${location}): ${reason}`, options);
  }
}

/** [osvif] plugins_required = true and some plugins failed to load. */
export class PluginsRequiredError extends OsvifError {
  static readonly code = 'PLUGINS_REQUIRED';
  constructor(readonly failures: readonly PluginLoadError[]) {
    super(PluginsRequiredError.code, `required plugins failed to load: ${failures.map((f) => `${f.packageName}: ${f.reason}`).join('; ')}`);
  }
}
