export * from './core';
export * from './documents';
export * from './networks';
export * from './library';
export * from './editor';
