// Role, ClusterRole and binding checks of k8s.io/kubernetes/pkg/apis/rbac/validation.
import { isDnsSubdomain } from '../../dns-names';
import type { Emit, Segments } from './emit';
import { list, nonEmpty, obj, pathSegment, str } from './k8s-strings';

function checkRules(rules: unknown, at: Segments, emit: Emit, namespaced: boolean) {
  list(rules).forEach((r, i) => {
    const p: Segments = [...at, i];
    if (list(r?.verbs).length === 0) emit([...p, 'verbs'], 'Required value: verbs must contain at least one value');
    const urls = list(r?.nonResourceURLs);
    if (urls.length > 0) {
      if (namespaced) emit([...p, 'nonResourceURLs'], 'Invalid value: namespaced rules cannot apply to non-resource URLs');
      if (list(r?.apiGroups).length > 0 || list(r?.resources).length > 0 || list(r?.resourceNames).length > 0) {
        emit([...p, 'nonResourceURLs'], 'Invalid value: rules cannot apply to both regular resources and non-resource URLs');
      }
      return;
    }
    if (list(r?.apiGroups).length === 0) emit([...p, 'apiGroups'], 'Required value: resource rules must supply at least one api group');
    if (list(r?.resources).length === 0) emit([...p, 'resources'], 'Required value: resource rules must supply at least one resource');
  });
}

export function checkRole(m: Record<string, any>, emit: Emit): void {
  checkRules(m.rules, ['rules'], emit, m.kind === 'Role');
}

const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];

export function checkBinding(m: Record<string, any>, emit: Emit): void {
  const ref = m.roleRef;
  if (obj(ref)) {
    if (ref.apiGroup !== 'rbac.authorization.k8s.io') emit(['roleRef', 'apiGroup'], `Unsupported value: "${ref.apiGroup ?? ''}": supported values: "rbac.authorization.k8s.io"`);
    const kinds = m.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (!kinds.includes(ref.kind)) emit(['roleRef', 'kind'], `Unsupported value: "${ref.kind ?? ''}": supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`);
    if (!nonEmpty(ref.name)) emit(['roleRef', 'name'], 'Required value');
    else if (pathSegment(ref.name)) emit(['roleRef', 'name'], `Invalid value: "${ref.name}": ${pathSegment(ref.name)}`);
  }
  list(m.subjects).forEach((s, i) => {
    const p: Segments = ['subjects', i];
    if (!nonEmpty(s?.name)) emit([...p, 'name'], 'Required value');
    if (!SUBJECT_KINDS.includes(s?.kind)) return emit([...p, 'kind'], `Unsupported value: "${s?.kind ?? ''}": supported values: "ServiceAccount", "User", "Group"`);
    if (s.kind === 'ServiceAccount') {
      if (nonEmpty(s.apiGroup)) emit([...p, 'apiGroup'], `Unsupported value: "${s.apiGroup}": supported values: ""`);
      if (nonEmpty(s.name) && !isDnsSubdomain(s.name)) emit([...p, 'name'], `Invalid value: "${s.name}": must be a valid DNS-1123 subdomain`);
      if (m.kind === 'ClusterRoleBinding' && !nonEmpty(s.namespace)) emit([...p, 'namespace'], 'Required value');
    } else if (nonEmpty(s.apiGroup) && s.apiGroup !== 'rbac.authorization.k8s.io') {
      emit([...p, 'apiGroup'], `Unsupported value: "${s.apiGroup ?? ''}": supported values: "rbac.authorization.k8s.io"`);
    }
    void str;
  });
}
