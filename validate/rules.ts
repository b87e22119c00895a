import type { RuleSeverity } from './options';

/** Every rule id validation reports, with its default severity. */
export const DEFAULT_SEVERITY: Record<string, RuleSeverity> = {
  schema: 'error',
  'schema/unknown-kind': 'warning',
  'schema/not-checked': 'warning',
  'duplicate-object': 'error',
  'dns-name': 'error',
  'label-syntax': 'error',
  'selector-match': 'error',
  'service-selector': 'error',
  'service-port': 'error',
  'probe-port': 'error',
  reference: 'error',
  'reference/ingress-tls': 'warning',
  'resource-quantities': 'error',
  'policy/image-tag': 'warning',
  'policy/resources': 'warning',
  'policy/readiness-probe': 'warning',
  'policy/privileged': 'warning',
};
