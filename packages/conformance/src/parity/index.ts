// Side-by-side parity harness: the real os-vif 3.0.0 and osvif, each in its own
// namespace with its own private OVS, plugging the same VIFs; normalised state
// snapshots and a readable diff. See docs/parity.md.
export * from './config';
export * from './runner';
export * from './snapshot';
export * from './sides';
export * from './compare';
export * from './fixtures';
