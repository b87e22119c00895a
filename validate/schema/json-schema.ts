import type { SchemaNode } from './types';

/**
 * Adds keywords for what plain JSON Schema cannot say (RE2 patterns, CEL rules, list map keys) to
 * `out`, the converted form of `node`; `path` is the field path, with `[]` for list items.
 */
export type SchemaExtension = (node: SchemaNode, out: Record<string, unknown>, path: string[]) => void;

/**
 * Converts a Kubernetes structural schema (built-in or a CRD's openAPIV3Schema) into the JSON Schema
 * ajv compiles, with the API server's semantics: objects reject unknown fields unless
 * `x-kubernetes-preserve-unknown-fields`, int-or-string accepts both, quantities are checked by format.
 * `refBase` resolves `$ref` names of the built-in file.
 */
export function toJsonSchema(node: SchemaNode, refBase = 'k8s#/definitions/', ext?: SchemaExtension, path: string[] = []): Record<string, unknown> {
  if (node.$ref) return { $ref: refBase + node.$ref };
  if (node['x-kapstan-quantity']) return { type: ['string', 'number'], format: 'quantity' };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case 'properties': {
        const props: Record<string, unknown> = {};
        for (const [name, child] of Object.entries(value as Record<string, SchemaNode>)) props[name] = toJsonSchema(child, refBase, ext, [...path, name]);
        out.properties = props;
        break;
      }
      case 'items':
        if (value && typeof value === 'object' && !Array.isArray(value)) out.items = toJsonSchema(value as SchemaNode, refBase, ext, [...path, '[]']);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof value === 'boolean' ? value : toJsonSchema(value as SchemaNode, refBase, ext, [...path, '*']);
        break;
      case 'allOf': case 'anyOf': case 'oneOf':
        out[key] = (value as SchemaNode[]).map((s) => toJsonSchema(s, refBase, ext, path));
        break;
      case 'not':
        out.not = toJsonSchema(value as SchemaNode, refBase, ext, path);
        break;
      case 'type': case 'required': case 'enum': case 'pattern': case 'minimum': case 'maximum':
      case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'uniqueItems':
      case 'multipleOf': case 'minProperties': case 'maxProperties':
        out[key] = value;
        break;
      case 'format':
        // Only formats the validator registers; the API server ignores unknown formats too.
        if (value === 'byte') out.format = 'byte';
        break;
      default:
        break; // descriptions, defaults, x-kubernetes-* markers and CEL rules are not checked here
    }
  }
  // OpenAPI 3.0 (draft 4) boolean exclusive bounds -> numeric ones.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') { out.exclusiveMinimum = node.minimum; delete out.minimum; }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') { out.exclusiveMaximum = node.maximum; delete out.maximum; }
  if (node['x-kubernetes-int-or-string']) out.type = ['integer', 'string'];
  if (node['x-kubernetes-embedded-resource']) {
    // The API server requires an embedded object's apiVersion and kind (its metadata is optional).
    if (out.properties) out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(out.properties as object) };
    out.required = [...new Set(['apiVersion', 'kind', ...((out.required as string[] | undefined) ?? [])])];
  }
  const isObject = node.type === 'object' || (node.properties && !node.type);
  if (isObject && node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  ext?.(node, out, path);
  return out;
}
