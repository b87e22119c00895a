import * as fs from 'fs';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { dataKeyProblem, MAX_DATA_BYTES } from './keys';

/** A file to put into a ConfigMap. */
export interface ConfigMapFile {
  /** Path of the file (relative paths resolve from the working directory). */
  readonly path: string;
  /** Key to store it under. Default: the file's base name. */
  readonly key?: string;
}

export interface ConfigMapProps extends KapstanResourceProps {
  /** Literal entries (key -> text). */
  readonly data?: Record<string, string>;
  /**
   * Files to include. UTF-8 text goes to `data`, anything else to `binaryData` (base64).
   * A string is a path whose base name becomes the key.
   */
  readonly files?: (string | ConfigMapFile)[];
  /** Make the ConfigMap immutable (pods must be restarted to see a new one). Default false. */
  readonly immutable?: boolean;
}

/**
 * A ConfigMap built on the cdk8s-plus ConfigMap: literals and files, with key checks, binary
 * file detection and the 1 MiB size limit enforced at construction.
 */
export class ConfigMap extends kplus.ConfigMap {
  constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id, { metadata: kapstanMetadata(props), immutable: props.immutable });
    for (const [key, value] of Object.entries(props.data ?? {})) this.addData(key, value);
    for (const file of props.files ?? []) {
      if (typeof file === 'string') this.addFile(file);
      else this.addFile(file.path, file.key);
    }
  }

  /** Add a literal entry. */
  public addData(key: string, value: string): void {
    this.checkKey(`data.${key}`, key);
    super.addData(key, value);
    this.checkSize();
  }

  /** Add a base64-encoded binary entry. */
  public addBinaryData(key: string, value: string): void {
    this.checkKey(`binaryData.${key}`, key);
    super.addBinaryData(key, value);
    this.checkSize();
  }

  /** Add a file: UTF-8 text to `data`, other bytes to `binaryData`. */
  public addFile(localFile: string, key?: string): void {
    const entryKey = key ?? path.basename(localFile);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(localFile);
    } catch (e) {
      throw constructError(this, `data.${entryKey}`, `cannot read file ${localFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const text = decodeUtf8(bytes);
    if (text === undefined) this.addBinaryData(entryKey, bytes.toString('base64'));
    else this.addData(entryKey, text);
  }

  private checkKey(field: string, key: string): void {
    const problem = dataKeyProblem(key);
    if (problem) throw constructError(this, field, problem);
    if (key in this.data || key in this.binaryData) throw constructError(this, field, `key "${key}" is used twice`);
  }

  private checkSize(): void {
    let total = 0;
    for (const [k, v] of Object.entries(this.data)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
    for (const [k, v] of Object.entries(this.binaryData)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
    if (total > MAX_DATA_BYTES) {
      throw constructError(this, 'data', `total size ${total} bytes exceeds the 1 MiB limit of a ConfigMap`);
    }
  }
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
