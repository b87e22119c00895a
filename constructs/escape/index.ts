export * from './include-yaml';
export * from './json-patch';
