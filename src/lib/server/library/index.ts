export * from './access';
export * from './entries';
export * from './search';
export * from './validate';
export { seedTerms } from './vocabulary';
export * from './revisions';
export * from './purge';
