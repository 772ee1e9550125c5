export * from './errors';
export * from './scan';
export * from './load';
