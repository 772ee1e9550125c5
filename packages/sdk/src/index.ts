import 'reflect-metadata';

export * from './services';
