import { inspect } from 'util';
import { IConstruct } from 'constructs';

/**
 * Make a Secret construct print as its path and keys only: `toString`, `console.log` and
 * string templates must never reveal values.
 */
export function redact(target: IConstruct, keys: () => string[]): void {
  const describe = () => `Secret(${target.node.path}; keys: ${keys().join(', ') || 'none'})`;
  Object.defineProperty(target, 'toString', { value: describe, enumerable: false });
  Object.defineProperty(target, inspect.custom, { value: describe, enumerable: false });
  Object.defineProperty(target, 'toJSON', { value: describe, enumerable: false });
}
