import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { dataKeyProblem, MAX_DATA_BYTES } from './keys';
import { redact } from './redaction';

export interface SecretProps extends KapstanResourceProps {
  /** Entries (key -> plain text value; Kubernetes stores them base64-encoded). */
  readonly stringData?: Record<string, string>;
  /** Secret type. Default `Opaque`. */
  readonly type?: string;
  /** Make the Secret immutable. Default false. */
  readonly immutable?: boolean;
}

/**
 * An opaque Secret built on the cdk8s-plus Secret. Keys are checked at construction; values
 * never appear in errors, `toString` or `console.log`.
 */
export class Secret extends kplus.Secret {
  private readonly entryKeys = new Set<string>();

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id, { metadata: kapstanMetadata(props), type: props.type ?? 'Opaque', immutable: props.immutable });
    redact(this, () => this.keys);
    for (const [key, value] of Object.entries(props.stringData ?? {})) this.addStringData(key, value);
  }

  /** Add (or replace) an entry. */
  public addStringData(key: string, value: string): void {
    const problem = dataKeyProblem(key);
    if (problem) throw constructError(this, `stringData.${key}`, problem);
    if (typeof value !== 'string') throw constructError(this, `stringData.${key}`, `must be a string (got ${typeof value})`);
    super.addStringData(key, value);
    this.entryKeys.add(key);
    const total = this.keys.reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(this.getStringData(k) ?? ''), 0);
    if (total > MAX_DATA_BYTES) throw constructError(this, `stringData.${key}`, 'the Secret exceeds the 1 MiB limit');
  }

  /** The keys of this Secret (never the values). */
  public get keys(): string[] {
    return [...this.entryKeys].sort();
  }
}
