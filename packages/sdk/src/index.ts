import 'reflect-metadata';

export * from './objects';
export * from './services';
export * from './plugin';
export * from './negotiation';
