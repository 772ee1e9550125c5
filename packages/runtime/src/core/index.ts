export * from './errors';
export * from './services';
export * from './container';
export * from './acceptance';
export * from './runtime';
export * from './api';
