import type { ErrorObject } from 'ajv';
import { fieldPath, pointerSegments, valueAt } from '../field-path';

export interface SchemaError {
  field: Array<string | number>;
  message: string;
}

/**
 * `required` in the OpenAPI spec that the API server never enforces, because the Go field is a plain
 * scalar whose zero value stands in for a missing one (found by the validation-agreement corpus).
 */
const ZERO_VALUE_REQUIRED = new Set(['PriorityClass value']);

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v);

/**
 * Turns ajv errors into field + message. Messages never contain the offending value (it may be a
 * Secret's): they say what was expected and, for type errors, only the type that was found.
 */
export function schemaErrors(errors: ErrorObject[] | null | undefined, data: unknown): SchemaError[] {
  const out: SchemaError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const field = pointerSegments(e.instancePath, data);
    const value = valueAt(data, e.instancePath);
    let message: string;
    switch (e.keyword) {
      case 'required':
        // A scalar Go field without a pointer decodes a missing value as zero: not a refusal.
        if (ZERO_VALUE_REQUIRED.has(`${(data as any)?.kind} ${fieldPath([...field, e.params.missingProperty])}`)) continue;
        field.push(e.params.missingProperty);
        message = 'required field is missing';
        break;
      case 'additionalProperties':
        field.push(e.params.additionalProperty);
        message = 'unknown field';
        break;
      case 'type':
        // The API server treats an explicit null as "not set".
        if (value === null) continue;
        message = `expected ${String(e.params.type).split(',').join(' or ')}, got ${typeName(value)}`;
        break;
      case 'enum':
        message = `unsupported value; expected one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'format':
        message = e.params.format === 'quantity' ? 'invalid quantity; expected a number with an optional suffix such as 500m, 1Gi or 1e3'
          : e.params.format === 'byte' ? 'invalid value; expected base64-encoded data' : `invalid ${e.params.format}`;
        break;
      case 'anyOf': case 'oneOf': case 'if':
        message = e.keyword === 'oneOf' ? 'must match exactly one of the allowed schemas' : 'must match one of the allowed schemas';
        break;
      default:
        // ajv's own messages for bounds and patterns describe the schema, not the data.
        message = e.message ?? `invalid (${e.keyword})`;
    }
    const key = `${field.join('\u0000')}\u0001${message}`;
    if (!seen.has(key)) { seen.add(key); out.push({ field, message }); }
  }
  return out;
}
