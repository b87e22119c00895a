// Which member clusters an object goes to, and how its replicas are split between them.

/** Selects member clusters by their labels (Kubernetes label-selector semantics). */
export interface ClusterSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }>;
}

/** Bounds on one cluster's share of Divided replicas. */
export interface ClusterLimits {
  readonly min?: number;
  readonly max?: number;
}

/**
 * `Duplicated`: every selected cluster runs the declared replicas. `Divided`: the declared
 * replicas are split across the selected clusters by member weight, within per-cluster limits.
 */
export type ReplicaScheduling =
  | { readonly type: 'Duplicated' }
  | { readonly type: 'Divided'; readonly limits?: Readonly<Record<string, ClusterLimits>> };

/** Where the objects under a construct go. Names and selector both given: a cluster must match both. */
export interface Placement {
  readonly clusters?: readonly string[];
  readonly selector?: ClusterSelector;
  /** Default: Duplicated. */
  readonly replicas?: ReplicaScheduling;
}

export function matchesSelector(labels: Readonly<Record<string, string>>, selector: ClusterSelector): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    const ok = e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}

/** A member as division sees it. */
export interface Share {
  readonly name: string;
  readonly weight: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Splits `total` replicas across `shares` in proportion to weight, each within [min, max]:
 * finds the proportional level where the clamped shares add up to `total`, then rounds down and
 * hands out the remaining replicas by largest fraction (ties: higher weight, then member order).
 * Throws a message when the limits make it impossible.
 */
export function divideReplicas(total: number, shares: readonly Share[]): Map<string, number> {
  const minSum = shares.reduce((s, m) => s + m.min, 0);
  const maxSum = shares.reduce((s, m) => s + m.max, 0);
  if (minSum > total) throw new Error(`the per-cluster minimums add up to ${minSum}, more than the ${total} replicas`);
  if (maxSum < total) throw new Error(`the per-cluster maximums add up to ${maxSum}, fewer than the ${total} replicas`);
  const clamp = (m: Share, level: number) => Math.min(m.max, Math.max(m.min, level * m.weight));
  const sum = (level: number) => shares.reduce((s, m) => s + clamp(m, level), 0);
  const weighted = shares.filter((m) => m.weight > 0);
  if (weighted.length === 0 && minSum < total) throw new Error(`all selected clusters have weight 0: nothing to divide ${total} replicas by`);

  // Bisection on the level: sum() is monotone; at `hi` every weighted share reaches its bound or total.
  let lo = 0;
  let hi = weighted.length ? total / Math.min(...weighted.map((m) => m.weight)) + 1 : 0;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (sum(mid) < total) lo = mid;
    else hi = mid;
  }
  const exact = shares.map((m) => clamp(m, hi));
  const counts = exact.map((x) => Math.floor(x + 1e-9));
  let left = total - counts.reduce((s, n) => s + n, 0);
  const order = shares
    .map((m, i) => ({ i, frac: exact[i] - counts[i], weight: m.weight }))
    .sort((a, b) => b.frac - a.frac || b.weight - a.weight || a.i - b.i);
  while (left > 0) {
    const next = order.find(({ i }) => counts[i] < shares[i].max && shares[i].weight > 0) ?? order.find(({ i }) => counts[i] < shares[i].max);
    if (!next) break;
    counts[next.i]++;
    left--;
    order.splice(order.indexOf(next), 1);
    order.push(next);
  }
  return new Map(shares.map((m, i) => [m.name, counts[i]]));
}

/**
 * An autoscaler's bounds, split like the replicas it scales: each member's HPA would otherwise
 * scale its cluster up to the whole federation's minimum. Every member keeps at least one
 * replica (an HPA's minReplicas is at least 1), and its maximum never falls below its minimum.
 */
export function divideAutoscalerBounds(
  minReplicas: number,
  maxReplicas: number,
  shares: readonly Share[],
): Map<string, { minReplicas: number; maxReplicas: number }> {
  const byWeight = shares.map((s) => ({ ...s, min: 0, max: Infinity }));
  const mins = divideReplicas(minReplicas, byWeight);
  const maxs = divideReplicas(maxReplicas, byWeight);
  return new Map(shares.map((s) => {
    const min = Math.min(Math.max(1, s.min, mins.get(s.name)!), s.max);
    return [s.name, { minReplicas: min, maxReplicas: Math.max(min, Math.min(s.max, maxs.get(s.name)!)) }];
  }));
}
