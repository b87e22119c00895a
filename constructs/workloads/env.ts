import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';

/** A variable read from one key of a ConfigMap (by object or by name). */
export interface ConfigMapKeyRef {
  /** The ConfigMap, or the name of one in the pod's namespace. */
  readonly configMap: kplus.IConfigMap | string;
  /** The key inside the ConfigMap. */
  readonly key: string;
  /** Start the pod even when the key is missing. @default false */
  readonly optional?: boolean;
}

/** A variable read from one key of a Secret (by object or by name). The value never enters the manifest. */
export interface SecretKeyRef {
  /** The Secret, or the name of one in the pod's namespace. */
  readonly secret: kplus.ISecret | string;
  /** The key inside the Secret. */
  readonly key: string;
  /** Start the pod even when the key is missing. @default false */
  readonly optional?: boolean;
}

/** A variable filled from a field of the pod itself (downward API), e.g. its name or node. */
export interface FieldRef {
  /** The field, e.g. `kplus.EnvFieldPaths.POD_NAME`. */
  readonly fieldPath: kplus.EnvFieldPaths;
  /** For label/annotation fields: which key. */
  readonly key?: string;
}

/** The value of one environment variable: a literal string, a reference, or any kplus `EnvValue`. */
export type EnvInput = string | kplus.EnvValue | ConfigMapKeyRef | SecretKeyRef | FieldRef;

/** What may be passed where a ConfigMap is expected: the object or its name. */
export type ConfigMapRef = kplus.IConfigMap | string;
/** What may be passed where a Secret is expected: the object or its name. */
export type SecretRef = kplus.ISecret | string;

// Environment variable names the kubelet accepts (C identifiers plus `-` and `.`).
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** True when `name` is a valid environment variable name. */
export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Resolves a ConfigMap given by name to a kplus reference, created once per scope. */
export function resolveConfigMap(scope: Construct, ref: ConfigMapRef): kplus.IConfigMap {
  if (typeof ref !== 'string') return ref;
  const id = `ConfigMapRef-${ref}`;
  return (scope.node.tryFindChild(id) as kplus.IConfigMap | undefined) ?? kplus.ConfigMap.fromConfigMapName(scope, id, ref);
}

/** Resolves a Secret given by name to a kplus reference, created once per scope. */
export function resolveSecret(scope: Construct, ref: SecretRef): kplus.ISecret {
  if (typeof ref !== 'string') return ref;
  const id = `SecretRef-${ref}`;
  return (scope.node.tryFindChild(id) as kplus.ISecret | undefined) ?? kplus.Secret.fromSecretName(scope, id, ref);
}

/** Turns one `EnvInput` into the kplus `EnvValue` it stands for. */
export function toEnvValue(scope: Construct, input: EnvInput): kplus.EnvValue {
  if (typeof input === 'string') return kplus.EnvValue.fromValue(input);
  if (input instanceof kplus.EnvValue) return input;
  if ('configMap' in input) {
    return kplus.EnvValue.fromConfigMap(resolveConfigMap(scope, input.configMap), input.key, { optional: input.optional });
  }
  if ('secret' in input) {
    return kplus.EnvValue.fromSecretValue(
      { secret: resolveSecret(scope, input.secret), key: input.key },
      { optional: input.optional },
    );
  }
  return kplus.EnvValue.fromFieldRef(input.fieldPath, { key: input.key });
}
