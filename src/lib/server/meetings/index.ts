export * from './meetings';
export * from './registration';
export * from './calendar';
export * from './networks';
export * from './minutes';
export * from './records';
export * from './attachments';
export * from './room';
