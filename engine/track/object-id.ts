import type { ObjectRef } from './types';

/** "Deployment web/api", or "Namespace web" for cluster-scoped objects. */
export function objectId(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
