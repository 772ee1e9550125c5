/** The real os-vif 3.0.0 behind a JSON Lines bridge (python/osvif_bridge.py), for tests and benches. */
export * from './errors';
export * from './protocol';
export * from './client';
export * from './compare';
