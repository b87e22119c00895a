import type { RuleSeverity } from './options';

/** Every rule id validation reports, with its default severity. */
export const DEFAULT_SEVERITY: Record<string, RuleSeverity> = {
  schema: 'error',
  'schema/unknown-kind': 'warning',
  'schema/not-checked': 'warning',
  apiserver: 'error',
  'duplicate-object': 'error',
  'dns-name': 'error',
  'label-syntax': 'error',
  'selector-match': 'error',
  'service-selector': 'error',
  'service-port': 'error',
  'probe-port': 'error',
  reference: 'error',
  'reference/ingress-tls': 'warning',
  'reference/key': 'error',
  backend: 'error',
  'scale-target': 'error',
  'disruption-budget': 'error',
  'statefulset-service': 'error',
  'node-pool': 'error',
  'resource-quantities': 'error',
  'policy/image-tag': 'warning',
  'policy/resources': 'warning',
  'policy/readiness-probe': 'warning',
  'policy/privileged': 'warning',
};

/**
 * Rules that refuse exactly what the Kubernetes 1.34 API server refuses (its schema and its
 * validation code). Every other rule goes further on purpose: semantic and policy rules.
 */
export const API_SERVER_RULES: ReadonlySet<string> = new Set([
  'schema', 'apiserver', 'dns-name', 'label-syntax', 'selector-match', 'resource-quantities',
]);
