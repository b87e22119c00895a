export * from './errors';
export * from './env';
export * from './container';
export * from './extended-resources';
export * from './scheduling';
export * from './priority-class';
export * from './pod-template';
export * from './deployment';
