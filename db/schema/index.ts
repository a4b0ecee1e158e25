export * from './core';
export * from './documents';
export * from './mentors';
