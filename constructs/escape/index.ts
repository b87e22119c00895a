// Escape hatches: raw YAML manifests and JSON patches on any object.
export { IncludeYaml, includedSource, SOURCE_METADATA } from './include-yaml';
export type { IncludeYamlProps, IncludedObject, IncludedSource } from './include-yaml';
export { Patch, patchObject } from './json-patch';
export type { JsonPatchOperation } from './json-patch';
