import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { applyOperation, deepClone, JsonPatchError, Operation, validate } from 'fast-json-patch';

export type { Operation as JsonPatchOperation } from 'fast-json-patch';

/** Builders for RFC 6902 operations. Paths use the manifest's field names (`/spec/clusterIP`). */
export class Patch {
  public static add(path: string, value: unknown): Operation {
    return { op: 'add', path, value };
  }
  public static replace(path: string, value: unknown): Operation {
    return { op: 'replace', path, value };
  }
  public static remove(path: string): Operation {
    return { op: 'remove', path };
  }
  public static move(from: string, path: string): Operation {
    return { op: 'move', from, path };
  }
  public static copy(from: string, path: string): Operation {
    return { op: 'copy', from, path };
  }
  /** Fail synthesis unless the value at `path` equals `value`. */
  public static test(path: string, value: unknown): Operation {
    return { op: 'test', path, value };
  }
}

const REASONS: Record<string, string> = {
  OPERATION_PATH_UNRESOLVABLE: 'the path does not exist in the object',
  OPERATION_FROM_UNRESOLVABLE: "the 'from' path does not exist in the object",
  OPERATION_PATH_CANNOT_ADD: 'the parent of the path does not exist',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'the array index is not a number',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'the array index is out of bounds',
  TEST_OPERATION_FAILED: 'the test did not match',
  OPERATION_VALUE_REQUIRED: 'the operation needs a value',
  OPERATION_FROM_REQUIRED: "the operation needs a 'from' path",
  OPERATION_OP_INVALID: 'unknown operation',
  OPERATION_PATH_INVALID: 'the path must start with /',
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: 'the value contains undefined',
};

const patched = new WeakMap<ApiObject, Operation[]>();

/**
 * Apply JSON patch operations to the final manifest of a construct's Kubernetes object (the
 * construct itself, or its default child for cdk8s-plus and Kapstan constructs).
 *
 * cdk8s's own `addJsonPatch` patches typed objects *before* they are converted to manifest
 * form, so a patch using real field names (`/spec/clusterIP`) or adding a field the typed
 * binding does not know is silently dropped. These patches run on the finished manifest
 * instead. A malformed operation is rejected here; one that does not apply stops synthesis.
 * Both errors give the construct path, the operation index and its path, never values (the
 * object may be a Secret).
 */
export function patchObject(target: IConstruct, ...ops: Operation[]): void {
  let apiObject: ApiObject;
  try {
    apiObject = ApiObject.of(target);
  } catch {
    throw new Error(`${target.node.path}: json patch: this construct has no Kubernetes object to patch`);
  }
  ops.forEach((op, i) => {
    const shape = validate([op]);
    if (shape) throw patchError(target.node.path, (patched.get(apiObject)?.length ?? 0) + i, op, shape);
  });
  const existing = patched.get(apiObject);
  if (existing) {
    existing.push(...ops);
    return;
  }
  const all = [...ops];
  patched.set(apiObject, all);
  const synthesize = apiObject.toJson.bind(apiObject);
  Object.defineProperty(apiObject, 'toJson', {
    configurable: true,
    value: () => applyAll(target.node.path, synthesize(), all),
  });
}

// Runs after cdk8s's own toJson (outside its error wrapping), so the error carries the path itself.
function applyAll(path: string, manifest: any, ops: Operation[]): any {
  let doc = deepClone(manifest);
  ops.forEach((op, i) => {
    try {
      doc = applyOperation(doc, op, true, true, true, i).newDocument;
    } catch (e) {
      throw patchError(path, i, op, e);
    }
  });
  return doc;
}

function patchError(path: string, index: number, op: Operation, e: unknown): Error {
  const name = (e as JsonPatchError).name;
  const reason = REASONS[name] ?? 'the operation failed';
  const from = 'from' in op ? ` from ${op.from}` : '';
  return new Error(`${path}: json patch[${index}] (${op.op} ${op.path}${from}): ${reason}`);
}
