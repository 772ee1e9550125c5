export * from './errors';
export * from './ini';
export * from './values';
export * from './settings';
export * from './config';
