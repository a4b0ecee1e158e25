/** The virtual business park: directory, one entrance for advice, room booking. */
export * from './directory';
export * as advice from './advice';
export * as rooms from './rooms';
