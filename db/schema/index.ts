export * from './core';
export * from './documents';
export * from './park';
export * from './impact';
export * from './networks';
export * from './library';
export * from './meetings';
export * from './editor';
