// Configuration: ConfigMaps and Secrets.
export { ConfigMap } from './config-map';
export type { ConfigMapProps, ConfigMapFile } from './config-map';
export { Secret } from './secret';
export type { SecretProps } from './secret';
export { DockerRegistrySecret, TlsSecret, BasicAuthSecret } from './typed-secrets';
export type { DockerRegistrySecretProps, RegistryCredentials, TlsSecretProps, BasicAuthSecretProps } from './typed-secrets';
