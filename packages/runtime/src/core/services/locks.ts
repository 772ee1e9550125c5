// LOCKS: os-vif's oslo.concurrency external locks (`nova-lock_bridge`, ...).
// KeyedMutex orders callers inside one process; FileLockService (the runtime's
// default) adds a kernel lock on a file per name in lock_path, so separate
// processes (two computes, two `osvif plug` CLIs, os-vif itself) are serialised.
export * from './keyed-mutex';
export * from './lock-errors';
export * from './file-locks';
