import { Construct } from 'constructs';
import { KapstanResourceProps } from '../object-metadata';
import { constructError } from '../errors';
import { Secret } from './secret';

interface TypedSecretProps extends KapstanResourceProps {
  /** Make the Secret immutable. Default false. */
  readonly immutable?: boolean;
}

/** Credentials for one container registry. */
export interface RegistryCredentials {
  /** Registry host, e.g. `ghcr.io` or `123456789.dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly server: string;
  readonly username: string;
  readonly password: string;
  readonly email?: string;
}

export interface DockerRegistrySecretProps extends TypedSecretProps {
  /** One or more registries (what `kubectl create secret docker-registry` writes). */
  readonly registries: RegistryCredentials[];
}

/** A `kubernetes.io/dockerconfigjson` Secret for pulling images from private registries. */
export class DockerRegistrySecret extends Secret {
  constructor(scope: Construct, id: string, props: DockerRegistrySecretProps) {
    super(scope, id, { ...props, type: 'kubernetes.io/dockerconfigjson' });
    if (!props.registries?.length) throw constructError(this, 'stringData[.dockerconfigjson]', 'needs at least one registry');
    const auths: Record<string, Record<string, string>> = {};
    props.registries.forEach((r, i) => {
      const field = `registries[${i}]`;
      if (!r.server) throw constructError(this, `${field}.server`, 'must not be empty');
      if (auths[r.server]) throw constructError(this, `${field}.server`, `registry ${r.server} is listed twice`);
      if (!r.username) throw constructError(this, `${field}.username`, 'must not be empty');
      if (r.username.includes(':')) throw constructError(this, `${field}.username`, "must not contain ':'");
      if (!r.password) throw constructError(this, `${field}.password`, 'must not be empty');
      const auth = Buffer.from(`${r.username}:${r.password}`).toString('base64');
      auths[r.server] = { username: r.username, password: r.password, ...(r.email ? { email: r.email } : {}), auth };
    });
    this.addStringData('.dockerconfigjson', JSON.stringify({ auths }));
  }
}

export interface TlsSecretProps extends TypedSecretProps {
  /** PEM certificate chain (`tls.crt`). */
  readonly tlsCert: string;
  /** PEM private key (`tls.key`). */
  readonly tlsKey: string;
  /** Optional PEM CA bundle (`ca.crt`). */
  readonly caCert?: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]+-----END ([A-Z]+ )?PRIVATE KEY-----/;

/** A `kubernetes.io/tls` Secret (certificate and key, checked for PEM shape). */
export class TlsSecret extends Secret {
  constructor(scope: Construct, id: string, props: TlsSecretProps) {
    super(scope, id, { ...props, type: 'kubernetes.io/tls' });
    // The messages describe the expected shape only: the value itself is never echoed.
    if (!PEM_CERT.test(props.tlsCert ?? '')) throw constructError(this, 'stringData[tls.crt]', 'is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)');
    if (!PEM_KEY.test(props.tlsKey ?? '')) throw constructError(this, 'stringData[tls.key]', 'is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)');
    if (props.caCert !== undefined && !PEM_CERT.test(props.caCert)) throw constructError(this, 'stringData[ca.crt]', 'is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)');
    this.addStringData('tls.crt', props.tlsCert);
    this.addStringData('tls.key', props.tlsKey);
    if (props.caCert !== undefined) this.addStringData('ca.crt', props.caCert);
  }
}

export interface BasicAuthSecretProps extends TypedSecretProps {
  readonly username: string;
  readonly password: string;
}

/** A `kubernetes.io/basic-auth` Secret. */
export class BasicAuthSecret extends Secret {
  constructor(scope: Construct, id: string, props: BasicAuthSecretProps) {
    super(scope, id, { ...props, type: 'kubernetes.io/basic-auth' });
    if (!props.username) throw constructError(this, 'stringData[username]', 'must not be empty');
    if (!props.password) throw constructError(this, 'stringData[password]', 'must not be empty');
    this.addStringData('username', props.username);
    this.addStringData('password', props.password);
  }
}
