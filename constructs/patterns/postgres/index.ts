export * from './postgres-cluster';
export * from './credentials';
export { postgresScripts, SCRIPT_FILES, DEFAULT_PARAMETERS, type PostgresScriptOptions } from './scripts';
