// The runtime's own settings, group [osvif] of the same file.
import { defineOptions, ConfigValues } from '@osvif/sdk';

export const RUNTIME_GROUP = 'osvif';

export const RUNTIME_OPTIONS = defineOptions({
  plugins: {
    type: 'list',
    default: [],
    help: 'Plugin packages (names or directories) to load instead of scanning node_modules. Empty: scan.',
  },
  plugins_required: {
    type: 'bool',
    default: false,
    help: 'Fail initialisation when any plugin listed or found fails to load.',
  },
  plugin_path: {
    type: 'list',
    default: [],
    help: 'Extra node_modules directories (or directories containing one) to scan for plugins.',
  },
  log_level: {
    type: 'str',
    default: 'info',
    choices: ['debug', 'info', 'warning', 'error'],
    help: 'Lowest level of the structured log written to stderr.',
  },
});

export type RuntimeSettings = ConfigValues<typeof RUNTIME_OPTIONS>;

/** Config group of a plugin, as os-vif's PluginBase.load(). */
export function pluginGroup(pluginName: string): string {
  return `os_vif_${pluginName}`;
}
