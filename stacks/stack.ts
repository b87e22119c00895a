import { Chart } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import { isDnsLabel, isDnsSubdomain } from '../dns-names';
import type { ValidateOptions } from '../validate';

// A global symbol (like cdk8s's own markers) so that detection works across copies of Kapstan.
const STACK_SYMBOL = Symbol.for('kapstan.Stack');


export interface StackProps {
  /** Kube context the engine deploys this stack to (default: the current context). */
  readonly context?: string;
  /** Namespace given to every namespaced object that does not set one. */
  readonly namespace?: string;
  /** Labels added to every object of the stack (an object's own label wins). */
  readonly labels?: Record<string, string>;
  /** Annotations added to every object of the stack (an object's own annotation wins). */
  readonly annotations?: Record<string, string>;
  /** Validation options for this stack: rule severities, objects that exist outside the app. */
  readonly validation?: ValidateOptions;
  /** Leave the hash suffix off generated object names (see cdk8s `ChartProps`). */
  readonly disableResourceNameHashes?: boolean;
  /**
   * `autoscaled`: the cluster adds nodes on demand (cluster autoscaler, Karpenter, GPU pools
   * scaled from zero), so the engine counts a pod the scheduler cannot place yet as waiting for
   * capacity, not as failed. `fixed`: it never grows. Default: the engine looks for an autoscaler.
   */
  readonly capacity?: 'autoscaled' | 'fixed';
}

/**
 * One deployment target: a kube context, a default namespace and common labels. Constructs and
 * cdk8s Charts go inside it; `synthesize` writes it to `dist/<name>/`.
 */
export class Stack extends Chart {
  /** Whether `x` is a Stack (from any copy of Kapstan). */
  public static isStack(x: unknown): x is Stack {
    return x !== null && typeof x === 'object' && STACK_SYMBOL in x;
  }

  /** The stack enclosing `c` (throws when there is none). */
  public static of(c: IConstruct): Stack {
    for (let node: IConstruct | undefined = c; node; node = node.node.scope) {
      if (Stack.isStack(node)) return node;
    }
    throw new Error(`${c.node.path}: not inside a Stack`);
  }

  public readonly stackName: string;
  public readonly context?: string;
  public readonly defaultNamespace?: string;
  public readonly commonLabels: Readonly<Record<string, string>>;
  public readonly commonAnnotations: Readonly<Record<string, string>>;
  public readonly validation?: ValidateOptions;
  public readonly capacity?: 'autoscaled' | 'fixed';

  constructor(scope: Construct, name: string, props: StackProps = {}) {
    // The namespace is passed on so that direct children (and references to them) see it at
    // construction; synthesis fills it in for nested charts and strips it from cluster-scoped kinds.
    super(scope, name, { namespace: props.namespace, disableResourceNameHashes: props.disableResourceNameHashes });
    checkName(this.node.path, 'name', name);
    if (props.namespace !== undefined) checkName(this.node.path, 'namespace', props.namespace);
    checkLabels(this.node.path, 'labels', props.labels);
    this.stackName = name;
    this.context = props.context;
    this.defaultNamespace = props.namespace;
    this.commonLabels = { ...props.labels };
    this.commonAnnotations = { ...props.annotations };
    this.validation = props.validation;
    if (props.capacity !== undefined && props.capacity !== 'autoscaled' && props.capacity !== 'fixed') {
      throw new Error(`${this.node.path}: capacity: must be 'autoscaled' or 'fixed' (got ${JSON.stringify(props.capacity)})`);
    }
    this.capacity = props.capacity;
    Object.defineProperty(this, STACK_SYMBOL, { value: true });
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Throws a construct-path-and-field error for the first invalid label key or value. */
export function checkLabels(path: string, field: string, labels: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (!LABEL_NAME.test(name) || (prefix !== undefined && !isDnsSubdomain(prefix))) {
      throw new Error(`${path}: ${field} key '${key}' is not a valid label key ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])`);
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      throw new Error(`${path}: ${field}.${key} value '${value}' is not a valid label value (at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends)`);
    }
  }
}

/**
 * Throws a construct-path-and-field error unless `value` is a DNS-1123 label: the stack name
 * becomes a folder and part of object names (the ApplySet Secret).
 */
export function checkName(path: string, field: string, value: string): void {
  if (!isDnsLabel(value)) {
    throw new Error(`${path}: ${field} '${value}' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)`);
  }
}
