export * from './config-map';
export * from './secret';
export * from './typed-secrets';
