export { validateObjects } from './validate';
export type { ValidateOptions, RuleSeverity, ExternalRef, ExternalObjects, CrdSchema, NodePool } from './options';
export { DEFAULT_SEVERITY, API_SERVER_RULES } from './rules';
export type { ImportedCrdSchema } from './schema/crd-file';
