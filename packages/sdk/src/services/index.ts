export * from './tokens';
export * from './logger';
export * from './links';
export * from './sysctl';
export * from './lock';
export * from './clock';
export * from './command';
