import 'reflect-metadata';

export * from './host';
export * from './core';
export * from './config';
export * from './discovery';
export * from './transport';
