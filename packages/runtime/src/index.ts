// @osvif/runtime: what a compute service embeds. The runtime (os-vif's initialize / host_info / plug / unplug),
// its configuration, the host services it passes to plugins, the loggers, and the HostInfo negotiation over HTTP.
// Explicit exports only: what is not listed here is internal (the osvif CLI lives in src/cli, run by bin/osvif.js).
import 'reflect-metadata';

// The runtime, and os-vif's module-level API over one default instance.
export { OsVifRuntime } from './core/runtime';
export type { RuntimeOptions, LoadedPlugin, PluginOrigin, DiscoveryReport } from './core/runtime';
export type { SkippedPackage } from './discovery/candidate';
export { initialize, hostInfo, plug, unplug } from './core/api';
export type { HostServices } from './core/container';
export type { ListedVif, CheckReport, GcReport, StatusReport } from './core/host-state/operations';
export {
  RuntimeError,
  LibraryNotInitializedError,
  PluginNotLoadedError,
  InvalidVifInputError,
  VifNotAcceptedError,
  VifClassNotAcceptedError,
  VifVersionNotAcceptedError,
  PortProfileNotAcceptedError,
  PortProfileVersionNotAcceptedError,
  PlugFailedError,
  UnplugFailedError,
  HostStateNotSupportedError,
  StateJournalError,
} from './core/errors';
export { PluginImportsRuntimeError, PluginLoadError, PluginsRequiredError, UntrustedPluginError } from './discovery/errors';

// Configuration (nova.conf-style INI files plus OSVIF_* environment variables).
export { Config } from './config/config';
export type { ConfigLoadOptions, ResolvedOption, ValueSource } from './config/config';
export { RUNTIME_OPTIONS } from './config/settings';
export type { RuntimeSettings } from './config/settings';
export { ConfigError, ConfigFileError, ConfigSyntaxError, ConfigValueError, ConfigInterpolationError } from './config/errors';

// Loggers.
export { StreamLogger } from './core/services/logger';
export type { StreamLoggerOptions, LogLevel, LogSink, LogFormat } from './core/services/logger';
// Also exported by @osvif/objects (where the negotiation hosts use it); here for those who embed the runtime.
export { fromPino, isPinoLogger, toLogger } from '@osvif/objects';
export type { PinoLike } from '@osvif/objects';

// Host services (the implementations behind the SDK's tokens), for a service that passes its own.
export { NetlinkLinkApi } from './host/netlink/link-api';
export type { NetlinkLinkApiOptions } from './host/netlink/link-api';
export { InvalidLinkArgumentError } from './host/errors';
export { ProcSysctl, SysctlError, InvalidSysctlPathError, InvalidSysctlValueError } from './host/sysctl/proc-sysctl';
export { TapCreationError } from './host/tap/tuntap';
export { ExecFileCommandRunner } from './core/services/command-runner';
export { FileLockService } from './core/services/file-locks';
export type { FileLockOptions } from './core/services/file-locks';
export { KeyedMutex } from './core/services/keyed-mutex';
export { LockError, InvalidLockNameError, LockTimeoutError, LockPathError } from './core/services/lock-errors';
export { SystemClock } from './core/services/clock';

// The daemon's client (osvif serve, docs/daemon.md): the runtime's method names over the API socket.
export { OsVifClient } from './daemon/client';
export type { OsVifClientOptions } from './daemon/client';
export {
  DaemonError,
  ApiCallerNotAllowedError,
  ApiBadRequestError,
  ApiPayloadTooLargeError,
  ApiBusyError,
  ApiShuttingDownError,
  DaemonAlreadyRunningError,
  DaemonSetupError,
  DaemonUnreachableError,
} from './daemon/errors';

// HostInfo negotiation over HTTP (docs/negotiation.md): the service host's client and negotiate-then-plug,
// the network host's request handler.
export { HttpNegotiationTransport } from './transport/http-client';
export type { HttpTransportOptions } from './transport/http-client';
export { negotiateVif, negotiateAndPlug } from './transport/service-host';
export type { NegotiateOptions } from './transport/service-host';
export { createHostInfoHttpHandler } from './transport/http-handler';
export type { HostInfoHttpHandlerOptions, NegotiationHttpHandler, NegotiationHttpRequest, NextFunction } from './transport/http-handler';
export { HOST_INFO_PATH } from './transport/routes';
export { applyServerLimits } from './transport/server-limits';
export type { ServerLimits } from './transport/server-limits';
export {
  HttpTransportError,
  HttpTimeoutError,
  HttpReplyTooLargeError,
  HttpConnectionError,
  HttpAbortedError,
  HttpBadReplyError,
} from './transport/errors';

// A negotiation with the network host a URL names (HTTP(S) or AMQP), as `osvif negotiate` and the daemon run it.
export { negotiateWithUrl, NetworkHostUnreachableError, NetworkHostUrlError } from './transport/negotiate-url';
export type { UrlNegotiation, UrlNegotiationOutcome } from './transport/negotiate-url';

// HostInfo negotiation over AMQP 0-9-1 in oslo.messaging's rabbit driver format (docs/amqp.md): the service
// host's RPC client and the network host's RPC server, interoperable with Python oslo.messaging peers.
export { AmqpNegotiationTransport } from './transport/amqp/client';
export type { AmqpTransportOptions } from './transport/amqp/client';
export { startAmqpNegotiationServer } from './transport/amqp/server';
export type { AmqpNegotiationServer, AmqpNegotiationServerOptions } from './transport/amqp/server';
export type { AmqpReconnectOptions } from './transport/amqp/options';
export { DEFAULT_CONTROL_EXCHANGE, NEGOTIATE_METHOD } from './transport/amqp/rpc';
export {
  AmqpTransportError,
  AmqpTimeoutError,
  AmqpConnectionError,
  AmqpAbortedError,
  AmqpReplyTooLargeError,
  AmqpBadReplyError,
  AmqpConfigError,
  AmqpNoRouteError,
} from './transport/amqp/errors';
