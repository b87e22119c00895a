// Requests a run sent to the API server, by verb (as the API server's own apiserver_request_total
// counts them: GET, LIST, WATCH, PATCH…) and by resource: the proof that tracking and no-op
// detection cost one list (and one watch) per kind and namespace, never one per object.

export interface RequestCounts {
  total: number;
  byVerb: Record<string, number>;
  /** By `VERB resource`, e.g. `LIST configmaps`, `WATCH deployments.apps`. */
  byResource: Record<string, number>;
}

export class RequestCounter {
  private readonly counts = new Map<string, number>();

  /** One request sent (each retry is a request of its own). */
  add(verb: string, resource: string): void {
    const key = `${verb.toUpperCase()} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): RequestCounts {
    const byVerb: Record<string, number> = {};
    const byResource: Record<string, number> = {};
    let total = 0;
    for (const [key, n] of [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const verb = key.slice(0, key.indexOf(' '));
      byVerb[verb] = (byVerb[verb] ?? 0) + n;
      byResource[key] = n;
      total += n;
    }
    return { total, byVerb, byResource };
  }
}

/**
 * The API server's verb for a request: a GET of a collection is a LIST (a WATCH with `watch`);
 * a path that names no resource (discovery, /version) is a plain GET.
 */
export function apiVerb(method: string, verb: string, resource = ''): string {
  if (resource.startsWith('/')) return method.toUpperCase();
  if (verb === 'list' || verb === 'watch' || verb === 'deletecollection') return verb.toUpperCase();
  return method.toUpperCase();
}
