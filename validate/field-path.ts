/**
 * Field paths in the kubectl style: `spec.template.spec.containers[0].image`,
 * `metadata.labels["app.kubernetes.io/name"]`.
 */
export function fieldPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Splits an ajv instancePath (JSON pointer) into segments; array indices become numbers. */
export function pointerSegments(pointer: string, data: unknown): Array<string | number> {
  if (!pointer) return [];
  const segments: Array<string | number> = [];
  let node: any = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) { segments.push(Number(key)); node = node[Number(key)]; }
    else { segments.push(key); node = node?.[key]; }
  }
  return segments;
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  let node: any = data;
  if (!pointer) return node;
  for (const raw of pointer.slice(1).split('/')) node = node?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}
