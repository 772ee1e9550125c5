// The names a new plugin package gets: its plugin name (what VIFs carry in `plugin`, its config group
// [os_vif_<name>]), its class name, and its npm package name.
import { ScaffoldUsageError } from './errors';

/** The SDK's rule for @VifPlugin names (packages/sdk/src/plugin/decorators.ts; a test keeps the two equal). */
export const PLUGIN_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** npm's rule for new package names: lower case, URL-safe, at most 214 characters, optionally scoped. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The plugin name a directory suggests: `my-tap` → `my_tap`. */
export function pluginNameFor(dirName: string): string {
  return dirName
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '');
}

export function checkPluginName(name: string): string {
  if (!PLUGIN_NAME.test(name)) {
    throw new ScaffoldUsageError(
      `plugin name ${JSON.stringify(name)} is invalid: a lower-case letter, then letters, digits or _ (at most 64); give one with --name`,
    );
  }
  return name;
}

export function checkPackageName(name: string): string {
  if (name.length > 214 || !PACKAGE_NAME.test(name)) {
    throw new ScaffoldUsageError(`package name ${JSON.stringify(name)} is not a valid npm package name; give one with --package-name`);
  }
  return name;
}

/** `my_tap` → `MyTapPlugin`. */
export function className(pluginName: string): string {
  return `${pluginName
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('')}Plugin`;
}
