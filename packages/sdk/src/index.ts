import 'reflect-metadata';

export * from './services';
export * from './plugin';
