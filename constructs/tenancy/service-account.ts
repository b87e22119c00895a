import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { Patch, patchObject } from '../escape/json-patch';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';

export interface ServiceAccountProps extends KapstanResourceProps {
  /**
   * Mount an API token into pods using this account. Default false: most workloads never
   * talk to the API server, and an unused token is only an attack surface.
   */
  readonly automountToken?: boolean;
  /** Pull secrets (e.g. a DockerRegistrySecret) given to every pod using this account. */
  readonly imagePullSecrets?: (kplus.ISecret | string)[];
}

/** A ServiceAccount, built on the cdk8s-plus one (a binding subject), with image pull secrets. */
export class ServiceAccount extends kplus.ServiceAccount {
  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id, { metadata: kapstanMetadata(props), automountToken: props.automountToken ?? false });
    const names = (props.imagePullSecrets ?? []).map((s) => (typeof s === 'string' ? s : s.name));
    // cdk8s-plus has no field for these; the object accepts them as a top-level list.
    if (names.length) patchObject(this, Patch.add('/imagePullSecrets', names.map((name) => ({ name }))));
  }
}
