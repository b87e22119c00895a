/** Keys of the credentials Secret (a referenced Secret must provide the same keys). */
export const CREDENTIAL_KEYS = {
  username: 'username',
  password: 'password',
  replicationUsername: 'replication-username',
  replicationPassword: 'replication-password',
} as const;

export interface PostgresCredentials {
  /**
   * Use an existing Secret with the keys of CREDENTIAL_KEYS instead of generating one.
   * It must exist in the app or be declared external.
   */
  readonly existingSecret?: string;
  /**
   * Seed for the generated passwords (default: $KAPSTAN_SECRET_SEED, else `.kapstan/secret-seed`).
   * The same seed and construct path always give the same passwords.
   */
  readonly seed?: string;
}
