import type { InjectionToken } from 'tsyringe';
import type { Logger } from './logger';
import type { LinkApi } from './links';
import type { Sysctl } from './sysctl';
import type { LockService } from './lock';
import type { Clock } from './clock';
import type { CommandRunner } from './command';

// Tokens are global symbols (Symbol.for) so that a plugin built against its own
// copy of @osvif/sdk still matches the runtime's registrations.
export const LOGGER: InjectionToken<Logger> = Symbol.for('osvif.Logger');
export const LINK_API: InjectionToken<LinkApi> = Symbol.for('osvif.LinkApi');
export const SYSCTL: InjectionToken<Sysctl> = Symbol.for('osvif.Sysctl');
export const LOCKS: InjectionToken<LockService> = Symbol.for('osvif.LockService');
export const CLOCK: InjectionToken<Clock> = Symbol.for('osvif.Clock');
export const COMMAND_RUNNER: InjectionToken<CommandRunner> = Symbol.for('osvif.CommandRunner');
/** The plugin's own config group (`[os_vif_<name>]`), typed by the plugin. */
export const PLUGIN_CONFIG: InjectionToken<Record<string, unknown>> = Symbol.for('osvif.PluginConfig');
