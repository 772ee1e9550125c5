/** A plugin package that could not be loaded, and why. */
export class PluginLoadError extends Error {
  constructor(
    /** npm package name, or the path given in config when there is no package.json. */
    readonly packageName: string,
    /** Package directory. */
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`plugin package ${packageName} (${location}): ${reason}`, options);
    this.name = new.target.name;
  }
}

/** [osvif] plugins_required = true and some plugins failed to load. */
export class PluginsRequiredError extends Error {
  constructor(readonly failures: readonly PluginLoadError[]) {
    super(`required plugins failed to load: ${failures.map((f) => `${f.packageName}: ${f.reason}`).join('; ')}`);
    this.name = new.target.name;
  }
}
