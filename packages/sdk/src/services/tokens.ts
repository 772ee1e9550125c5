import type { InjectionToken } from 'tsyringe';
import type { Logger } from './logger';
import type { LinkApi } from './links';
import type { Sysctl } from './sysctl';
import type { LockService } from './lock';
import type { Clock } from './clock';
import type { CommandRunner } from './command';

// Tokens are global symbols (Symbol.for) so that a plugin built against its own
// copy of @osvif/sdk still matches the runtime's registrations.
/** Injection token of the Logger. */
export const LOGGER: InjectionToken<Logger> = Symbol.for('osvif.Logger');
/** Injection token of the LinkApi (network links). */
export const LINK_API: InjectionToken<LinkApi> = Symbol.for('osvif.LinkApi');
/** Injection token of the Sysctl service. */
export const SYSCTL: InjectionToken<Sysctl> = Symbol.for('osvif.Sysctl');
/** Injection token of the LockService (named locks across processes). */
export const LOCKS: InjectionToken<LockService> = Symbol.for('osvif.LockService');
/** Injection token of the Clock. */
export const CLOCK: InjectionToken<Clock> = Symbol.for('osvif.Clock');
/** Injection token of the CommandRunner (host commands, execFile with an argument array). */
export const COMMAND_RUNNER: InjectionToken<CommandRunner> = Symbol.for('osvif.CommandRunner');
/** Where sysfs is mounted (`/sys` on a host): read by plugins that look devices up there, e.g. SR-IOV VFs. */
export const SYSFS_ROOT: InjectionToken<string> = Symbol.for('osvif.SysfsRoot');
/** The plugin's own config group (`[os_vif_<name>]`), typed by the plugin. */
export const PLUGIN_CONFIG: InjectionToken<Record<string, unknown>> = Symbol.for('osvif.PluginConfig');
