// ConfigMap and Secret checks of k8s.io/kubernetes/pkg/apis/core/validation.
import type { Emit } from './emit';
import { configMapKey, obj, str } from './k8s-strings';

const MAX_BYTES = 1024 * 1024;

function checkKeys(m: Record<string, any>, fields: string[], emit: Emit): Set<string> {
  const seen = new Set<string>();
  let size = 0;
  for (const f of fields) {
    if (!obj(m[f])) continue;
    for (const [k, v] of Object.entries(m[f])) {
      // a Secret's stringData is merged into data before validation: the API server names data
      const at = [m.kind === 'Secret' ? 'data' : fields[0], k];
      const msg = configMapKey(k);
      if (msg) emit(at, `Invalid value: "${k}": ${msg}`);
      if (seen.has(k)) emit(at, `Invalid value: "${k}": duplicate of key present in ${fields[1]}`);
      seen.add(k);
      size += typeof v === 'string' ? (f === 'data' && m.kind === 'Secret' || f === 'binaryData' ? Math.floor(v.length * 3 / 4) : Buffer.byteLength(v)) : 0;
    }
  }
  if (size > MAX_BYTES) emit([], `Too long: must have at most ${MAX_BYTES} bytes`);
  return seen;
}

export function checkConfigMap(m: Record<string, any>, emit: Emit): void {
  checkKeys(m, ['data', 'binaryData'], emit);
}

/** Keys each well-known Secret type must carry (after stringData is merged into data). */
const REQUIRED_KEYS: Record<string, string[][]> = {
  'kubernetes.io/dockercfg': [['.dockercfg']],
  'kubernetes.io/dockerconfigjson': [['.dockerconfigjson']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/tls': [['tls.crt'], ['tls.key']],
};

export function checkSecret(m: Record<string, any>, emit: Emit): void {
  const keys = checkKeys(m, ['data', 'stringData'], emit);
  const type = str(m.type) ? m.type : 'Opaque';
  for (const alternatives of REQUIRED_KEYS[type] ?? []) {
    if (!alternatives.some((k) => keys.has(k))) emit(['data', alternatives[0]], 'Required value');
  }
  if (type === 'kubernetes.io/basic-auth' && !keys.has('username') && !keys.has('password')) {
    emit(['data', 'username'], 'Required value: either username or password is required');
  }
  if (type === 'kubernetes.io/service-account-token' && !str(m.metadata?.annotations?.['kubernetes.io/service-account.name'])) {
    emit(['metadata', 'annotations', 'kubernetes.io/service-account.name'], 'Required value');
  }
  if (type === 'kubernetes.io/dockerconfigjson' || type === 'kubernetes.io/dockercfg') {
    const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
    const raw = m.stringData?.[key] ?? (str(m.data?.[key]) ? Buffer.from(m.data[key], 'base64').toString('utf8') : undefined);
    if (str(raw)) {
      try {
        JSON.parse(raw);
      } catch {
        // the message names the key, never the content
        emit(['data', key], 'Invalid value: "<secret contents redacted>": invalid JSON');
      }
    }
  }
}
