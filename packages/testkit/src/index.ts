// @osvif/testkit: what a plugin author needs to test a plugin for real. Explicit exports only: the netns agent
// (src/agent), the registries and the `ip` helpers are internal.
//
// - startTestRuntime: a namespace, a private OVS and a runtime whose host services act in the namespace, in one call.
// - createNetns / withNetns: throw-away network namespaces, swept when a crashed run left some.
// - startPrivateOvs: a userspace Open vSwitch of the test's own.
// - startPrivateRabbitMq: a RabbitMQ broker of the test's own (for the AMQP negotiation transport).
// - RecordingLinkApi / RecordingSysctl / RecordingCommandRunner: recording fakes with scripted answers (no root).
// - test*Vif / testNetwork / testInstanceInfo: the objects Nova would pass.
// - renderConfig: nova.conf text; NetnsCommandRunner: commands inside a namespace.
// - The Jest preset (`preset: '@osvif/testkit'`, jest-preset.js) guards the host around a run.

export { startTestRuntime } from './runtime';
export type { TestRuntime, TestRuntimeOptions } from './runtime';
export { disposeTestResources } from './cleanup';

export { createNetns, withNetns } from './netns/netns';
export type { TestNetns, NetnsAgent, CreateNetnsOptions } from './netns/netns';
export { disposeAllNetns, liveNetnsNames } from './netns/registry';
export { sweepStaleNetns } from './netns/sweep';
export { NETNS_PREFIX, NETNS_DIR } from './netns/ip';
export { NetnsCommandRunner } from './netns/command-runner';

export { startPrivateOvs, OVS_SCHEMA } from './ovs/private-ovs';
export type { PrivateOvs, PrivateOvsOptions } from './ovs/private-ovs';

export { startPrivateRabbitMq } from './rabbitmq/private-rabbitmq';
export type { PrivateRabbitMq, PrivateRabbitMqOptions } from './rabbitmq/private-rabbitmq';

export { RecordingLinkApi } from './fakes/link-api';
export type { FakeLink, LinkMethod, RecordedLinkCall, SeedLink } from './fakes/link-api';
export { RecordingSysctl } from './fakes/sysctl';
export type { RecordedSysctlWrite } from './fakes/sysctl';
export { RecordingCommandRunner, UnexpectedCommandError } from './fakes/command-runner';
export type { CommandAnswer, CommandMatcher, RecordedCommand, RecordingCommandRunnerOptions } from './fakes/command-runner';

export {
  TEST_INSTANCE_UUID,
  TEST_NETWORK_ID,
  TEST_MAC,
  TEST_INTERFACE_ID,
  NIC_NAME_LEN,
  testVifId,
  testInterfaceId,
  testMac,
  deviceName,
  derivedNames,
  testInstanceInfo,
  testNetwork,
  testOvsPortProfile,
  testRepresentorProfile,
  testOvsVif,
  testHybridVif,
  testVhostUserVif,
  testHostDeviceVif,
  testLinuxBridgeVif,
} from './fixtures';
export type { TestVifOptions } from './fixtures';

export { renderConfig, mergeConfig, ConfigRenderError } from './config';
export type { TestConfig, TestConfigValue } from './config';

export { TestkitSetupError } from './errors';
export { TestkitCommandError } from './commands';

export { startFakeOvsdbServer } from './ovsdb/fake-server';
export type { FakeOvsdbServer, FakeOvsdbServerOptions, FakeOvsdbRequest, FakeOvsdbRequestHandler } from './ovsdb/fake-server';
