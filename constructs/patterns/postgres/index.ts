export * from './postgres-cluster';
export { CREDENTIAL_KEYS as POSTGRES_CREDENTIAL_KEYS, type PostgresCredentials } from './credentials';
export {
  postgresScripts,
  SCRIPT_FILES as POSTGRES_SCRIPT_FILES,
  DEFAULT_PARAMETERS as POSTGRES_DEFAULT_PARAMETERS,
  type PostgresScriptOptions,
} from './scripts';
