export * from './core';
export * from './documents';
export * from './park';
export * from './impact';
