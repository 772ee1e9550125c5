export * from './logger';
export * from './locks';
export * from './clock';
export * from './command-runner';
export * from './lazy';
