// @osvif/sdk: what a plugin imports. Decorators that declare a plugin, typed config options, the host-service
// interfaces and their DI tokens, and the errors plugins throw. Explicit exports only: what is not listed here
// is internal.
import 'reflect-metadata';

// Dependency injection (tsyringe): plugin constructors take services by token.
export { inject, injectable } from 'tsyringe';

// Declaring a plugin.
export { VifPlugin, Consumes, Plug, Unplug } from './plugin/decorators';
export type { VifPluginOptions, ConsumesOptions } from './plugin/decorators';
export { getPluginDefinition } from './plugin/metadata';
export type { ObjectClassLike, PluginClass, PluginDefinition, ProfileDeclaration, VifDeclaration, VifOperation } from './plugin/metadata';
export { describePlugin } from './plugin/describe';
export { findHandler, findCheckHandler, findVifDeclaration } from './plugin/dispatch';
export { ListOwned, Check, Collect, Status } from './plugin/host-state';
export type {
  OwnedResource,
  OwnedVif,
  Discrepancy,
  CollectTarget,
  CollectOptions,
  StatusCheck,
  HostStateHandlers,
} from './plugin/host-state';

// Ownership: the marks on what osvif makes (docs/ownership.md).
export { LINK_MARK_PREFIX, OVS_MARK_KEYS, linkMark, readLinkMark, ovsMark, readOvsMark } from './ownership/marks';
export type { OwnerMark } from './ownership/marks';
export { versionInRange } from './plugin/versions';

// Typed configuration options ([<plugin>] sections of the config file).
export { defineOptions, typedConfig } from './plugin/options';
export type {
  OptionBase,
  ConfigOptionSpec,
  ConfigOptionType,
  ConfigOptions,
  ConfigValues,
  OptionValue,
  StrOptionSpec,
  IntOptionSpec,
  BoolOptionSpec,
  MultiStrOptionSpec,
  ListOptionSpec,
} from './plugin/options';

// Host services a plugin consumes, and their injection tokens.
export { LOGGER, LINK_API, SYSCTL, LOCKS, CLOCK, COMMAND_RUNNER, SYSFS_ROOT, PLUGIN_CONFIG } from './services/tokens';
export type { Logger, LogFields } from './services/logger';
export type { LinkApi, LinkInfo, BridgeOptions, LinkChanges, LinkOperation } from './services/links';
export { validateLinkName } from './services/links';
export type { Sysctl } from './services/sysctl';
export type { LockService } from './services/lock';
export type { Clock } from './services/clock';
export type { CommandRunner, CommandOptions, CommandResult } from './services/command';

// Shared host steps: one undo stack, concurrent steps that all settle, and the Linux bridge checks and hardening.
export { UndoStack, withUndo } from './steps/undo-stack';
export { settleAll } from './steps/settle';
export { findLinkOfKind, hardenBridge, LinkKindMismatchError } from './steps/bridge';

// Errors: the root, plugin declaration faults, what plugins and host services throw.
export { OsvifError } from '@osvif/objects';
export {
  PluginDeclarationError,
  InvalidPluginNameError,
  DecoratorUsageError,
  UnknownObjectClassError,
  UnregisteredSubclassError,
  InvalidVersionRangeError,
  VersionRangeMatchesNothingError,
  DuplicateDeclarationError,
  MissingHandlerError,
  UnusedHandlerError,
  InvalidConfigOptionError,
  NoVifDeclaredError,
  PluginError,
  HostCommandFailedError,
  InvalidVifForPluginError,
} from './plugin/errors';
export { ForeignResourceError } from './ownership/errors';
export type { ResourceKind } from './ownership/errors';
export {
  LinkError,
  LinkExistsError,
  NoSuchLinkError,
  LinkPermissionError,
  LinkNotSupportedError,
  InvalidLinkNameError,
} from './services/links';
export { CommandError } from './services/command';
