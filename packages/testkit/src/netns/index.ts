// Network namespaces for tests: every link test runs inside one of these,
// never in the host namespace.
export { createNetns, withNetns } from './netns';
export type { TestNetns, CreateNetnsOptions } from './netns';
export { disposeAllNetns, liveNetnsNames } from './registry';
export { sweepStaleNetns } from './sweep';
export { NETNS_PREFIX, NETNS_DIR, NetnsCommandError } from './ip';
